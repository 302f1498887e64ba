import type { GridFeature } from '../shared/feature';
import { GridEvaluation } from './evaluation.entity';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { evaluationsErrors } from './errors';

export { GridEvaluation } from './evaluation.entity';

export const evaluationsFeature: GridFeature = {
  entities: [GridEvaluation],
  controllers: [EvaluationsController],
  providers: [EvaluationsService],
  entityNames: {
    grid_evaluations: { 'zh-CN': '评价', en: 'evaluation' },
  },
  errors: evaluationsErrors,
};
