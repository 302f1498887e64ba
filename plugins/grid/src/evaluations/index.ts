import type { GridFeature } from '../shared/feature';
import { GridEvaluation } from './evaluation.entity';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

export { GridEvaluation } from './evaluation.entity';

export const evaluationsFeature: GridFeature = {
  entities: [GridEvaluation],
  controllers: [EvaluationsController],
  providers: [EvaluationsService],
  entityNames: {
    grid_evaluations: { 'zh-CN': '评价', en: 'evaluation' },
  },
  errors: {
    GRID_EVALUATION_CASE_NOT_CLOSED: {
      'zh-CN': '事件 {number} 尚未结项（当前状态“{state}”），结项后才能评价',
      en: 'Case {number} is not closed yet ("{state}"): it can be rated once closed',
    },
    GRID_EVALUATION_NOT_EVALUATOR: {
      'zh-CN': '谁呼谁评：只有派单或呼叫的一方可以评价，办理方不能评价自己',
      en: 'Only the side that dispatched the case or raised the call rates it; a handler may not rate itself',
    },
    GRID_ALREADY_EVALUATED: {
      'zh-CN': '一事一评：已经评价过了',
      en: 'One evaluation per case or report-in: it has already been rated',
    },
    GRID_EVALUATION_NOT_REPORTED: {
      'zh-CN': '{department}尚未报到，不能评价',
      en: '{department} has not reported in: there is nothing to rate yet',
    },
    GRID_SATISFACTION_RECORDED: {
      'zh-CN': '事件 {number} 的群众满意度已经登记',
      en: 'The resident’s satisfaction with case {number} is already recorded',
    },
    GRID_EVALUATION_PERIOD_INVALID: {
      'zh-CN': '统计区间无效：开始时间 {from} 须早于结束时间 {to}',
      en: 'Invalid period: from ({from}) must be before to ({to})',
    },
  },
};
