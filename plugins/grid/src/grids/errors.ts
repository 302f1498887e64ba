import { definePluginErrors } from '@tongxin/plugin-sdk';

/** The grids feature's refusals, each with its status and both languages (`throw gridsErrors.KEY(params)`). */
export const gridsErrors = definePluginErrors('GRID', {
  NOT_A_GRID: {
    status: 400,
    'zh-CN': '“{unit}”不是网格（第四级网格党支部）',
    en: '"{unit}" is not a grid (a level-4 grid party branch)',
  },
  BOUNDARY_INVALID: {
    status: 400,
    'zh-CN': '网格边界须为 GeoJSON Polygon 或 MultiPolygon：每个环首尾闭合、至少 4 个点，经纬度在有效范围内',
    en: 'The boundary must be a GeoJSON Polygon or MultiPolygon: closed rings of at least 4 positions, coordinates in range',
  },
  LEADER_EXISTS: {
    status: 409,
    'zh-CN': '本网格已有在任网格长“{name}”：请先将其卸任',
    en: 'The grid already has a serving grid leader, "{name}": stand them down first',
  },
  STAFF_DUPLICATE: {
    status: 409,
    'zh-CN': '该用户已在本网格担任此职务（{duty}）',
    en: 'This user already serves in this grid in the same duty ({duty})',
  },
  STAFF_NAME_REQUIRED: {
    status: 400,
    'zh-CN': '请填写姓名（或名称），或指定一个用户账号',
    en: 'Give a name, or the user account of the person',
  },
  STAFF_MEMBER_COUNT_TEAM_ONLY: {
    status: 400,
    'zh-CN': '只有志愿服务队可以填写队员人数',
    en: 'Only a volunteer team has a member count',
  },
});
