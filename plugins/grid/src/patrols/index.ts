import type { GridFeature } from '../shared/feature';
import { GridPatrol } from './patrol.entity';
import { PatrolsController } from './patrols.controller';
import { PatrolsService } from './patrols.service';
import { patrolsErrors } from './errors';

export const patrolsFeature: GridFeature = {
  entities: [GridPatrol],
  controllers: [PatrolsController],
  providers: [PatrolsService],
  entityNames: { grid_patrols: { 'zh-CN': '巡查记录', en: 'patrol' } },
  errors: patrolsErrors,
};
