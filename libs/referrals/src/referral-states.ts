/**
 * The referral's one state machine. The target moves it: accept (its plugin creates its own record)
 * or refuse (with a reason, back to the origin's dispatcher); once accepted, the target reports an
 * outcome when its record is done. A refused referral is final: the origin may open a new one.
 *
 * | From     | Action   | To       | Who                                      |
 * |----------|----------|----------|------------------------------------------|
 * | pending  | accept   | accepted | a receiver (the kind's permission)       |
 * | pending  | refuse   | refused  | a receiver, with a reason                |
 * | accepted | resolve  | resolved | the target plugin (`reportOutcome`)      |
 */
export type ReferralStatus = 'pending' | 'accepted' | 'refused' | 'resolved';

export type ReferralAction = 'accept' | 'refuse' | 'resolve';

export const REFERRAL_TRANSITIONS: Record<ReferralAction, { from: ReferralStatus; to: ReferralStatus }> = {
  accept: { from: 'pending', to: 'accepted' },
  refuse: { from: 'pending', to: 'refused' },
  resolve: { from: 'accepted', to: 'resolved' },
};

/** Still with someone: at most one per record and kind. */
export const OPEN_STATUSES: readonly ReferralStatus[] = ['pending', 'accepted'];

export const STATUS_NAMES: Record<ReferralStatus, { 'zh-CN': string; en: string }> = {
  pending: { 'zh-CN': '待接收', en: 'pending' },
  accepted: { 'zh-CN': '已接收', en: 'accepted' },
  refused: { 'zh-CN': '已退回', en: 'refused' },
  resolved: { 'zh-CN': '已办结', en: 'resolved' },
};
