import type { DualReportFeature } from '../shared/feature';
import { DualReportEvaluation } from './evaluation.entity';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';
import { evaluationsErrors } from './errors';

export { DualReportEvaluation } from './evaluation.entity';

export const evaluationsFeature: DualReportFeature = {
  entities: [DualReportEvaluation],
  controllers: [EvaluationsController],
  providers: [EvaluationsService],
  entityNames: {
    dual_report_evaluations: { 'zh-CN': '考评', en: 'Evaluation' },
  },
  errors: evaluationsErrors,
};
