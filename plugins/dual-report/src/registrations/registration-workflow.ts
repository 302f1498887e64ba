import { defineWorkflow, type Names } from '@tongxin/plugin-sdk';
import { REGISTRATION_APPLY, REGISTRATION_REVIEW } from '../constants';

/**
 * 在职党员报到 as one state machine (the SDK's `defineWorkflow`): a member applies (`pending`),
 * the community approves or refuses, the member may withdraw while pending, and edits their
 * profile while pending or approved. Moving house turns the approved registration `transferred`
 * while the new community decides; if it refuses, or the member withdraws, the plugin restores
 * the old one to `approved`. The README prints this table (test/workflow-doc.spec.ts).
 */

export type RegistrationStatus = 'pending' | 'approved' | 'refused' | 'transferred' | 'withdrawn';

export type RegistrationAction = 'approve' | 'refuse' | 'withdraw' | 'edit' | 'move' | 'restore';

/**
 * - `member`: the registration is their own (they hold `registration.apply`);
 * - `reviewer`: holds `registration.review` over the registration's community;
 * - `system`: the plugin itself, undoing a move that did not happen.
 */
export type RegistrationActor = 'member' | 'reviewer' | 'system';

/** A status as a Chinese sentence names it (`（待审核）`); English keeps the key the API uses. */
export const REGISTRATION_STATUS_NAMES: Record<RegistrationStatus, Names> = {
  pending: { 'zh-CN': '待审核', en: 'pending' },
  approved: { 'zh-CN': '已通过', en: 'approved' },
  refused: { 'zh-CN': '未通过', en: 'refused' },
  transferred: { 'zh-CN': '已转出', en: 'transferred' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
};

export const REGISTRATION_WORKFLOW = defineWorkflow<RegistrationStatus, RegistrationAction, RegistrationActor>({
  name: 'registration',
  stateField: 'status',
  states: REGISTRATION_STATUS_NAMES,
  initial: ['pending'],
  final: ['refused', 'withdrawn'],
  actors: {
    member: { permission: REGISTRATION_APPLY, relation: 'their own registration' },
    reviewer: { permission: REGISTRATION_REVIEW },
    system: { relation: 'the plugin, when a move is refused or withdrawn' },
  },
  actions: [
    {
      action: 'approve',
      from: ['pending'],
      to: 'approved',
      actor: 'reviewer',
      names: { 'zh-CN': '同意', en: 'Approve' },
    },
    {
      action: 'refuse',
      from: ['pending'],
      to: 'refused',
      actor: 'reviewer',
      requires: ['reason'],
      names: { 'zh-CN': '不同意', en: 'Refuse' },
    },
    {
      action: 'withdraw',
      from: ['pending'],
      to: 'withdrawn',
      actor: 'member',
      names: { 'zh-CN': '撤回', en: 'Withdraw' },
    },
    {
      action: 'edit',
      from: ['pending', 'approved'],
      actor: 'member',
      names: { 'zh-CN': '修改', en: 'Edit the profile' },
      notAllowedCode: 'DUAL_REPORT_REGISTRATION_CLOSED',
    },
    {
      action: 'move',
      from: ['approved'],
      to: 'transferred',
      actor: 'member',
      requires: ['communityId'],
      names: { 'zh-CN': '转移报到', en: 'Move to another community' },
    },
    {
      action: 'restore',
      from: ['transferred'],
      to: 'approved',
      actor: 'system',
      names: { 'zh-CN': '恢复原报到', en: 'Restore after a move that did not happen' },
    },
  ],
  codes: { notAllowed: 'DUAL_REPORT_REGISTRATION_NOT_PENDING' },
  audit: { prefix: 'registration', entity: 'dual_report_registration' },
});
