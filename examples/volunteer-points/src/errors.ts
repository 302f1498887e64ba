import { definePluginErrors } from '@tongxin/plugin-sdk';

/**
 * The plugin's refusals, each with its status and both languages: `throw pointsErrors.OUT_OF_STOCK({ … })`
 * answers 409 `VOLUNTEER_POINTS_OUT_OF_STOCK`. Codes carry the plugin id as their prefix, so no
 * other plugin can declare the same one.
 */
export const pointsErrors = definePluginErrors('VOLUNTEER_POINTS', {
  HOURS_NOT_POSITIVE: { status: 400, 'zh-CN': '服务时长必须大于 0', en: 'Hours served must be more than 0' },
  HOURS_OVER_LIMIT: {
    status: 400,
    'zh-CN': '单次登记的服务时长不能超过 {max} 小时',
    en: 'One entry may record at most {max} hours',
  },
  ACTIVITY_DATE_IN_FUTURE: {
    status: 400,
    'zh-CN': '服务日期 {date} 晚于今天（{today}）',
    en: 'The activity date {date} is after today ({today})',
  },
  UNIT_NOT_COMMUNITY_LEVEL: {
    status: 400,
    'zh-CN': '“{unit}”不是社区、网格或党小组：志愿服务和兑换只在社区及以下登记',
    en: '"{unit}" is not a community, grid or party group: service and redemptions are recorded there',
  },
  NOT_A_COMMUNITY: { status: 400, 'zh-CN': '“{unit}”不是社区', en: '"{unit}" is not a community' },
  PERIOD_INVALID: {
    status: 400,
    'zh-CN': '统计周期无效：开始日期 {from} 必须早于结束日期 {to}',
    en: 'Invalid period: from ({from}) must be before to ({to})',
  },
  VOLUNTEER_NOT_FOUND: { status: 404, 'zh-CN': '未找到该志愿者', en: 'Volunteer not found' },
  REWARD_NOT_FOUND: { status: 404, 'zh-CN': '未找到该奖品', en: 'Reward not found' },
  REWARD_NAME_TAKEN: {
    status: 409,
    'zh-CN': '本单位已有名为“{name}”的奖品',
    en: 'This unit already offers a reward "{name}"',
  },
  REWARD_INACTIVE: { status: 409, 'zh-CN': '奖品“{reward}”已下架', en: 'The reward "{reward}" is no longer offered' },
  OUT_OF_STOCK: {
    status: 409,
    'zh-CN': '奖品“{reward}”库存不足（剩余 {available}）',
    en: 'The reward "{reward}" is out of stock ({available} left)',
  },
  INSUFFICIENT_POINTS: {
    status: 409,
    'zh-CN': '积分不足：当前余额 {balance}，需要 {cost}',
    en: 'Not enough points: the balance is {balance}, {cost} needed',
  },
});
