/** The five levels (五级联动), with names as the districts use them. */
export const ORG_LEVELS = {
  1: { 'zh-CN': '区委', en: 'District committee' },
  2: { 'zh-CN': '街道党工委', en: 'Street party working committee' },
  3: { 'zh-CN': '社区党委', en: 'Community party committee' },
  4: { 'zh-CN': '网格党支部', en: 'Grid party branch' },
  5: { 'zh-CN': '网格党小组', en: 'Grid party group' },
} as const;

export type OrgLevel = keyof typeof ORG_LEVELS;
export const MAX_LEVEL = 5;
