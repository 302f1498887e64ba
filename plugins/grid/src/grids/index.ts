import type { GridFeature } from '../shared/feature';
import { GridProfile } from './grid-profile.entity';
import { GridStaff } from './grid-staff.entity';
import { GridsController } from './grids.controller';
import { GridsService } from './grids.service';
import { gridsErrors } from './errors';

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
  errors: gridsErrors,
};
