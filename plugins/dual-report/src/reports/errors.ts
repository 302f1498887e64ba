import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The reports feature's refusals, each with its status and both languages (`throw reportsErrors.KEY(params)`). */
export const reportsErrors = definePluginErrors('DUAL_REPORT', {
  NO_UNIT: {
    status: 403,
    'zh-CN': '你的账号不属于任何单位，无法代表单位查看或评价',
    en: 'Your account belongs to no unit: there is no unit to act for',
  },
  PERIOD_INVALID: {
    status: 400,
    'zh-CN': '统计区间无效：开始日期 {from} 不能晚于结束日期 {to}',
    en: 'Invalid period: from ({from}) must not be after to ({to})',
  },
});
