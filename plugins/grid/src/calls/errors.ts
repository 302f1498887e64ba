import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The calls feature's refusals, each with its status and both languages (`throw callsErrors.KEY(params)`). */
export const callsErrors = definePluginErrors('GRID', {
  CALL_UNIT_LEVEL: {
    status: 400,
    'zh-CN': '只有街道或社区可以发起呼叫，“{unit}”不能',
    en: 'Only a street or a community raises calls: "{unit}" cannot',
  },
  CALL_NOT_A_DEPARTMENT: {
    status: 400,
    'zh-CN': '被呼叫方 {id} 不是服务“{unit}”的职能部门',
    en: '{id} is not a government department serving "{unit}"',
  },
  CALL_ALREADY_REPORTED: {
    status: 409,
    'zh-CN': '本部门已于 {at} 报到',
    en: 'Your department already reported in at {at}',
  },
  CALL_CLOSED: { status: 409, 'zh-CN': '呼叫“{title}”已关闭', en: 'The call "{title}" is closed' },
});
