import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The evaluations feature's refusals, each with its status and both languages (`throw evaluationsErrors.KEY(params)`). */
export const evaluationsErrors = definePluginErrors('GRID', {
  EVALUATION_CASE_NOT_CLOSED: {
    status: 409,
    'zh-CN': '事件 {number} 尚未结项（当前状态“{state}”），结项后才能评价',
    en: 'Case {number} is not closed yet ("{state}"): it can be rated once closed',
  },
  EVALUATION_NOT_EVALUATOR: {
    status: 403,
    'zh-CN': '谁呼谁评：只有派单或呼叫的一方可以评价，办理方不能评价自己',
    en: 'Only the side that dispatched the case or raised the call rates it; a handler may not rate itself',
  },
  ALREADY_EVALUATED: {
    status: 409,
    'zh-CN': '一事一评：已经评价过了',
    en: 'One evaluation per case or report-in: it has already been rated',
  },
  EVALUATION_NOT_REPORTED: {
    status: 409,
    'zh-CN': '{department}尚未报到，不能评价',
    en: '{department} has not reported in: there is nothing to rate yet',
  },
  SATISFACTION_RECORDED: {
    status: 409,
    'zh-CN': '事件 {number} 的群众满意度已经登记',
    en: 'The resident’s satisfaction with case {number} is already recorded',
  },
  EVALUATION_PERIOD_INVALID: {
    status: 400,
    'zh-CN': '统计区间无效：开始时间 {from} 须早于结束时间 {to}',
    en: 'Invalid period: from ({from}) must be before to ({to})',
  },
});
