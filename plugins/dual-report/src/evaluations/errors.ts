import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The evaluations feature's refusals, each with its status and both languages (`throw evaluationsErrors.KEY(params)`). */
export const evaluationsErrors = definePluginErrors('DUAL_REPORT', {
  ALREADY_EVALUATED: {
    status: 409,
    'zh-CN': '本年度已经评价过了，每年只评一次',
    en: 'Already rated for this year: one rating a year',
  },
  MEMBER_NOT_REGISTERED: {
    status: 409,
    'zh-CN': '{member} {year} 年未在{community}报到，不能评价',
    en: '{member} was not registered with {community} in {year}: there is nothing to rate',
  },
  NOT_PAIRED: {
    status: 409,
    'zh-CN': '{unit}与{community} {year} 年没有结对共建，不能评价',
    en: '{unit} and {community} were not paired in {year}: there is nothing to rate',
  },
  UNKNOWN_ASSESSMENT_ITEM: {
    status: 400,
    'zh-CN': '{id} 不是该共建协议考核清单中的事项',
    en: '{id} is not an assessment item of the co-building agreement',
  },
  ASSESSMENT_INCOMPLETE: {
    status: 400,
    'zh-CN': '考核清单每一项都要评分，缺少：{items}',
    en: 'Every assessment item must be scored; missing: {items}',
  },
  ITEM_SCORE_INVALID: {
    status: 400,
    'zh-CN': '考核事项“{item}”的评分须为 1 到 5 的整数',
    en: 'The score of assessment item "{item}" must be a whole number from 1 to 5',
  },
  YEAR_INVALID: {
    status: 400,
    'zh-CN': '{year} 年尚未到来，不能评价',
    en: '{year} has not come yet: it cannot be rated',
  },
  YEAR_END_SUBJECT: {
    status: 400,
    'zh-CN': '请指定一个单位（partnerId）或一名党员（memberId），二者选一',
    en: 'Give either a unit (partnerId) or a member (memberId), not both',
  },
});
