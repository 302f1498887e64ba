import { defineWorkflow, type WorkflowAction } from '@tongxin/plugin-sdk';
import { CASE_DISPATCH, CASE_HANDLE, CASE_REPORT, CASE_VERIFY } from '../constants';

/**
 * The closed loop (闭环管理) as one explicit state machine, declared with the SDK's
 * `defineWorkflow`:
 * 问题采集 collected → 上报 reported → 分类派单 dispatched → 处置落实 handling → resolved →
 * 核实结项 closed, with 退回 returned, escalated, cancelled and reopened. 督办考核 (supervision and
 * assessment) rides on it: overdue timers open supervisions, and closed cases are evaluated.
 *
 * Each transition names the states it leaves, the state it enters, who may fire it and the
 * fields it needs. The service enforces exactly this table (case-access.ts answers who fills
 * each actor); the README prints it.
 */

export type CaseState =
  | 'collected'
  | 'reported'
  | 'dispatched'
  | 'handling'
  | 'resolved'
  | 'closed'
  | 'returned'
  | 'escalated'
  | 'reopened'
  | 'cancelled'
  | 'transferred';

/**
 * A state as a Chinese sentence names it (`事件当前状态为“办理中”`); English keeps the key the
 * API uses. For messages only: the API's fields stay the keys.
 */
export const CASE_STATE_NAMES: Record<CaseState, { 'zh-CN': string; en: string }> = {
  collected: { 'zh-CN': '已采集', en: 'collected' },
  reported: { 'zh-CN': '已上报', en: 'reported' },
  dispatched: { 'zh-CN': '已派单', en: 'dispatched' },
  handling: { 'zh-CN': '办理中', en: 'handling' },
  resolved: { 'zh-CN': '已处置待核实', en: 'resolved' },
  closed: { 'zh-CN': '已结项', en: 'closed' },
  returned: { 'zh-CN': '已退回', en: 'returned' },
  escalated: { 'zh-CN': '已提级', en: 'escalated' },
  reopened: { 'zh-CN': '已重启', en: 'reopened' },
  cancelled: { 'zh-CN': '已撤销', en: 'cancelled' },
  transferred: { 'zh-CN': '已移交', en: 'transferred' },
};

/** Cases nobody works on any more. */
const FINAL: readonly CaseState[] = ['closed', 'cancelled'];

/** States in which the handler holds the case and its deadline runs. */
export const HANDLER_STATES: readonly CaseState[] = ['dispatched', 'handling'];

/** States in which the handling unit must dispatch, escalate or cancel. */
const AWAITING_DISPATCH: CaseState[] = ['reported', 'escalated', 'returned', 'reopened'];

export type CaseSource = 'walk_in' | 'patrol' | 'hotline_12345' | 'online' | 'upper_dispatch' | 'open311';
export const CASE_SOURCES: readonly CaseSource[] = [
  'walk_in',
  'patrol',
  'hotline_12345',
  'online',
  'upper_dispatch',
  'open311',
];

export type CaseAction =
  | 'report'
  | 'dispatch'
  | 'accept'
  | 'return'
  | 'resolve'
  | 'verify'
  | 'reject'
  | 'escalate'
  | 'cancel'
  | 'reopen'
  | 'refer'
  | 'take-back'
  | 'close';

/**
 * Who may fire a transition:
 * - `reporter`: holds `case.report` over the unit where the problem is;
 * - `dispatcher`: holds `case.dispatch` over the case's handling unit (its level, or above);
 * - `handler`: the case was dispatched to them, to a unit they hold `case.handle` over, or to the
 *   department they belong to (with `case.handle`);
 * - `verifier`: holds `case.verify` over the handling unit and is neither the handler nor the one
 *   who resolved it (采办分离);
 * - `referral`: nobody calls it: the grid applies it itself when the practice a case was referred to
 *   refuses it (ADR 021).
 */
export type CaseActor = 'reporter' | 'dispatcher' | 'handler' | 'verifier' | 'referral';

export interface CaseTransition extends WorkflowAction<CaseState, CaseAction, CaseActor> {
  to: CaseState;
  /** Body fields the transition needs beyond the action itself. */
  requires: readonly string[];
  /**
   * Whether it answers the resident: it takes an optional `publicReply`, the only text of a
   * case that Open311 publishes. The others (report, return, reject) are staff talking to staff.
   */
  publicReply: boolean;
  names: { 'zh-CN': string; en: string };
}

const TRANSITIONS: readonly CaseTransition[] = [
  {
    action: 'report',
    from: ['collected'],
    to: 'reported',
    actor: 'reporter',
    requires: [],
    publicReply: false,
    names: { 'zh-CN': '上报', en: 'Report' },
  },
  {
    action: 'dispatch',
    from: AWAITING_DISPATCH,
    to: 'dispatched',
    actor: 'dispatcher',
    requires: ['unitId or partnerId'],
    publicReply: true,
    names: { 'zh-CN': '分类派单', en: 'Classify and dispatch' },
  },
  {
    action: 'accept',
    from: ['dispatched'],
    to: 'handling',
    actor: 'handler',
    requires: [],
    publicReply: true,
    names: { 'zh-CN': '签收', en: 'Accept' },
  },
  {
    action: 'return',
    from: ['dispatched', 'handling'],
    to: 'returned',
    actor: 'handler',
    requires: ['note'],
    publicReply: false,
    names: { 'zh-CN': '退回', en: 'Return to dispatcher' },
  },
  {
    action: 'resolve',
    from: ['handling'],
    to: 'resolved',
    actor: 'handler',
    requires: ['note'],
    publicReply: true,
    names: { 'zh-CN': '处置落实', en: 'Report handled' },
  },
  {
    action: 'verify',
    from: ['resolved'],
    to: 'closed',
    actor: 'verifier',
    requires: [],
    publicReply: true,
    names: { 'zh-CN': '核实结项', en: 'Verify and close' },
  },
  {
    action: 'reject',
    from: ['resolved'],
    to: 'handling',
    actor: 'verifier',
    requires: ['note'],
    publicReply: false,
    names: { 'zh-CN': '核实不通过', en: 'Reject the handling' },
  },
  {
    action: 'escalate',
    from: AWAITING_DISPATCH,
    to: 'escalated',
    actor: 'dispatcher',
    requires: ['note'],
    publicReply: true,
    names: { 'zh-CN': '提级上报', en: 'Escalate one level up' },
  },
  {
    action: 'cancel',
    from: ['collected', ...AWAITING_DISPATCH, 'dispatched'],
    to: 'cancelled',
    actor: 'dispatcher',
    requires: ['note'],
    publicReply: true,
    names: { 'zh-CN': '撤销', en: 'Cancel' },
  },
  {
    action: 'reopen',
    from: ['closed'],
    to: 'reopened',
    actor: 'verifier',
    requires: ['note'],
    publicReply: true,
    names: { 'zh-CN': '重新办理', en: 'Reopen' },
  },
  {
    // 按责转办: a case that belongs to another practice (a dispute for mediation, a lift for the
    // property company) goes there through a referral; it is not closed by being handed over.
    action: 'refer',
    from: [...AWAITING_DISPATCH, 'dispatched', 'handling'],
    to: 'transferred',
    actor: 'dispatcher',
    requires: ['kind', 'targetUnitId or targetPartnerBodyId', 'reason'],
    publicReply: true,
    names: { 'zh-CN': '移交', en: 'Refer to another practice' },
  },
  {
    action: 'take-back',
    from: ['transferred'],
    to: 'returned',
    actor: 'referral',
    requires: [],
    publicReply: false,
    names: { 'zh-CN': '移交被退回', en: 'Referral refused' },
  },
  {
    // Once the practice reports its outcome (GRID_CASE_REFERRAL_NOT_RESOLVED before).
    action: 'close',
    from: ['transferred'],
    to: 'closed',
    actor: 'dispatcher',
    requires: [],
    publicReply: true,
    names: { 'zh-CN': '移交办结', en: 'Close on the referral’s outcome' },
  },
];

export const CASE_WORKFLOW = defineWorkflow<CaseState, CaseAction, CaseActor, CaseTransition>({
  name: 'grid case',
  states: CASE_STATE_NAMES,
  initial: ['collected', 'reported'],
  final: FINAL,
  actors: {
    reporter: { permission: CASE_REPORT },
    dispatcher: { permission: CASE_DISPATCH },
    handler: { permission: CASE_HANDLE, relation: 'the case is dispatched to them, their unit or department' },
    verifier: { permission: CASE_VERIFY },
    referral: { relation: 'the grid itself, when the practice a case went to refuses it' },
  },
  actions: TRANSITIONS,
  separationOfDuties: [
    // 采办分离: whoever handled a case may not verify, close or reopen it.
    { rule: 'handled-it', actions: ['verify', 'reject', 'reopen'], code: 'GRID_CASE_SEPARATION_OF_DUTIES' },
  ],
  codes: { notAllowed: 'GRID_CASE_TRANSITION_NOT_ALLOWED', forbidden: 'GRID_CASE_ACTION_FORBIDDEN' },
  audit: { prefix: 'case', entity: 'grid_case' },
});

export const CASE_STATES = CASE_WORKFLOW.states;
export const FINAL_STATES = CASE_WORKFLOW.final;
export const CASE_TRANSITIONS = CASE_WORKFLOW.transitions;
export const CASE_ACTIONS = CASE_WORKFLOW.actions;

export function transitionOf(action: CaseAction): CaseTransition {
  return CASE_WORKFLOW.transitionOf(action);
}

/** An action as a message names it: the transition's Chinese name (督办 is not a transition), the key in English. */
export function actionName(action: CaseAction | 'supervise'): { 'zh-CN': string; en: string } {
  if (action === 'supervise') return { 'zh-CN': '督办', en: 'supervise' };
  return CASE_WORKFLOW.actionName(action);
}

/** The actions the state machine allows from a state, whoever asks. */
export function actionsFrom(state: CaseState): CaseAction[] {
  return CASE_WORKFLOW.actionsFrom(state);
}
