import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The pairings feature's refusals, each with its status and both languages (`throw pairingsErrors.KEY(params)`). */
export const pairingsErrors = definePluginErrors('DUAL_REPORT', {
  NOT_A_COMMUNITY: {
    status: 400,
    'zh-CN': '“{unit}”不是社区：结对和报到都只能选择社区',
    en: '"{unit}" is not a community: units pair with, and members report to, communities',
  },
  NOT_A_UNIT: {
    status: 400,
    'zh-CN': '{id} 不是本区的驻区单位或机关企事业单位',
    en: '{id} is not one of the district’s units',
  },
  TERM_INVALID: {
    status: 400,
    'zh-CN': '协议期限有误：结束日期 {termEnd} 须晚于开始日期 {termStart}',
    en: 'The term must end ({termEnd}) after it starts ({termStart})',
  },
  ASSESSMENT_REQUIRED: {
    status: 400,
    'zh-CN': '共驻共建协议至少需要一项考核内容（考核清单）',
    en: 'A co-building agreement needs at least one assessment item',
  },
  ALREADY_PAIRED: {
    status: 409,
    'zh-CN': '{unit}已与{community}结对',
    en: '{unit} is already paired with {community}',
  },
  PAIRING_ENDED: { status: 409, 'zh-CN': '该结对已于 {endedOn} 终止', en: 'This pairing ended on {endedOn}' },
  AGREEMENT_ITEM_UNKNOWN: { status: 400, 'zh-CN': '协议中没有清单项 {id}', en: 'The agreement has no item {id}' },
  AGREEMENT_ITEM_SCORED: {
    status: 409,
    'zh-CN': '考核内容“{title}”已用于考评，不能删除',
    en: 'The assessment item "{title}" has been scored and cannot be removed',
  },
});
