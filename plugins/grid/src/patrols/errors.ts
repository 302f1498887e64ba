import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The patrols feature's refusals, each with its status and both languages (`throw patrolsErrors.KEY(params)`). */
export const patrolsErrors = definePluginErrors('GRID', {
  PATROL_OUTSIDE_GRID: {
    status: 400,
    'zh-CN': '签到位置（{latitude}, {longitude}）不在网格“{unit}”的范围内',
    en: 'The check-in location ({latitude}, {longitude}) is outside the grid "{unit}"',
  },
  PATROL_LOCATION_INCOMPLETE: {
    status: 400,
    'zh-CN': '签到位置须同时提供纬度和经度',
    en: 'A check-in location needs both latitude and longitude',
  },
  PATROL_CASE_UNKNOWN: {
    status: 400,
    'zh-CN': '事件 {caseId} 不是网格“{unit}”的事件',
    en: 'Case {caseId} is not a case of the grid "{unit}"',
  },
  PERIOD_INVALID: {
    status: 400,
    'zh-CN': '时间段 {from} 至 {to} 无效：开始日期不能晚于结束日期，巡查统计最长 31 天',
    en: 'The period {from} to {to} is invalid: it cannot end before it starts, and patrol coverage spans at most 31 days',
  },
});
