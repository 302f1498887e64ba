import type { Names } from '@tongxin/plugin-sdk';
import type { CaseState } from '../cases/case-workflow';

/**
 * What Open311 says about a case's state when the transition into it answered the resident with
 * no public reply: fixed texts, written for the public, naming nobody. Staff notes are never
 * published; the only other published text is a transition's `publicReply`.
 */
export const PUBLIC_STATUS_TEXT: Record<CaseState, Names> = {
  collected: { 'zh-CN': '已收到', en: 'Received' },
  reported: { 'zh-CN': '已受理，等待分派承办单位', en: 'Received; waiting to be assigned' },
  escalated: { 'zh-CN': '已提交上级，等待分派承办单位', en: 'Passed up a level; waiting to be assigned' },
  returned: { 'zh-CN': '正在重新分派承办单位', en: 'Being reassigned' },
  reopened: { 'zh-CN': '已重新办理，等待分派承办单位', en: 'Reopened; waiting to be assigned' },
  dispatched: { 'zh-CN': '已派单，等待承办单位签收', en: 'Assigned; waiting for the handler to accept' },
  handling: { 'zh-CN': '承办单位正在处理', en: 'Being dealt with' },
  resolved: { 'zh-CN': '已处置，正在核实', en: 'Dealt with; being checked' },
  closed: { 'zh-CN': '已办结', en: 'Closed: dealt with' },
  cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
  // Named for what the resident can act on: no unit, no practice's confidential work.
  transferred: { 'zh-CN': '已转交相关部门办理', en: 'Passed to the service responsible' },
};
