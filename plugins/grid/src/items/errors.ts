import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The items feature's refusals, each with its status and both languages (`throw itemsErrors.KEY(params)`). */
export const itemsErrors = definePluginErrors('GRID', {
  ITEM_NOT_ON_LIST: {
    status: 400,
    'zh-CN': '该事项不在本区的入格事项清单上：只有清单内的事项可以入格',
    en: 'This item is not on the district’s grid item list: only listed items can be filed',
  },
  ITEM_INACTIVE: {
    status: 400,
    'zh-CN': '事项“{item}”已移出入格事项清单，不能再受理',
    en: 'The item "{item}" has been taken off the list and can no longer be filed',
  },
  ITEM_ATTRIBUTE_DUPLICATE: {
    status: 400,
    'zh-CN': '事项属性“{code}”重复：属性编码及每个属性的选项键须各不相同',
    en: 'The item attribute "{code}" repeats: attribute codes, and the keys of each attribute’s values, must be distinct',
  },
  ITEM_ATTRIBUTE_VALUES: {
    status: 400,
    'zh-CN': '事项属性“{code}”（{datatype}）：列表类型须提供选项（values），其他类型不能提供',
    en: 'The item attribute "{code}" ({datatype}): list datatypes need values, the others take none',
  },
  ITEM_TIME_LIMIT_TOO_LONG: {
    status: 400,
    'zh-CN': '办理时限以工作日计时不能超过 {max} 个工作日',
    en: 'A time limit in working days can be at most {max} working days',
  },
  ITEM_CODE_TAKEN: {
    status: 409,
    'zh-CN': '清单中已有编码为 {code} 的事项',
    en: 'The list already has an item with code {code}',
  },
});
