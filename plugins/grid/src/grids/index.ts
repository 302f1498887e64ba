import type { GridFeature } from '../shared/feature';
import { GridProfile } from './grid-profile.entity';
import { GridStaff } from './grid-staff.entity';
import { GridsController } from './grids.controller';
import { GridsService } from './grids.service';

export { gridInScope, queryNamed } from './grid-access';
export { gridsCondition } from './grids.service';

export const gridsFeature: GridFeature = {
  entities: [GridProfile, GridStaff],
  controllers: [GridsController],
  providers: [GridsService],
  entityNames: {
    grid_profiles: { 'zh-CN': '网格档案', en: 'grid profile' },
    grid_staff: { 'zh-CN': '网格人员', en: 'grid staff entry' },
  },
  errors: {
    GRID_NOT_A_GRID: {
      'zh-CN': '“{unit}”不是网格（第四级网格党支部）',
      en: '"{unit}" is not a grid (a level-4 grid party branch)',
    },
    GRID_BOUNDARY_INVALID: {
      'zh-CN': '网格边界须为 GeoJSON Polygon 或 MultiPolygon：每个环首尾闭合、至少 4 个点，经纬度在有效范围内',
      en: 'The boundary must be a GeoJSON Polygon or MultiPolygon: closed rings of at least 4 positions, coordinates in range',
    },
    GRID_LEADER_EXISTS: {
      'zh-CN': '本网格已有在任网格长“{name}”：请先将其卸任',
      en: 'The grid already has a serving grid leader, "{name}": stand them down first',
    },
    GRID_STAFF_DUPLICATE: {
      'zh-CN': '该用户已在本网格担任此职务（{duty}）',
      en: 'This user already serves in this grid in the same duty ({duty})',
    },
    GRID_STAFF_NAME_REQUIRED: {
      'zh-CN': '请填写姓名（或名称），或指定一个用户账号',
      en: 'Give a name, or the user account of the person',
    },
    GRID_STAFF_MEMBER_COUNT_TEAM_ONLY: {
      'zh-CN': '只有志愿服务队可以填写队员人数',
      en: 'Only a volunteer team has a member count',
    },
  },
};
