import type { DualReportFeature } from '../shared/feature';
import { DualReportEvaluation } from './evaluation.entity';
import { EvaluationsController } from './evaluations.controller';
import { EvaluationsService } from './evaluations.service';

export { DualReportEvaluation } from './evaluation.entity';

export const evaluationsFeature: DualReportFeature = {
  entities: [DualReportEvaluation],
  controllers: [EvaluationsController],
  providers: [EvaluationsService],
  entityNames: {
    dual_report_evaluations: { 'zh-CN': '考评', en: 'Evaluation' },
  },
  errors: {
    DUAL_REPORT_ALREADY_EVALUATED: {
      'zh-CN': '本年度已经评价过了，每年只评一次',
      en: 'Already rated for this year: one rating a year',
    },
    DUAL_REPORT_MEMBER_NOT_REGISTERED: {
      'zh-CN': '{member} {year} 年未在{community}报到，不能评价',
      en: '{member} was not registered with {community} in {year}: there is nothing to rate',
    },
    DUAL_REPORT_NOT_PAIRED: {
      'zh-CN': '{unit}与{community} {year} 年没有结对共建，不能评价',
      en: '{unit} and {community} were not paired in {year}: there is nothing to rate',
    },
    DUAL_REPORT_UNKNOWN_ASSESSMENT_ITEM: {
      'zh-CN': '{id} 不是该共建协议考核清单中的事项',
      en: '{id} is not an assessment item of the co-building agreement',
    },
    DUAL_REPORT_ASSESSMENT_INCOMPLETE: {
      'zh-CN': '考核清单每一项都要评分，缺少：{items}',
      en: 'Every assessment item must be scored; missing: {items}',
    },
    DUAL_REPORT_ITEM_SCORE_INVALID: {
      'zh-CN': '考核事项“{item}”的评分须为 1 到 5 的整数',
      en: 'The score of assessment item "{item}" must be a whole number from 1 to 5',
    },
    DUAL_REPORT_YEAR_INVALID: {
      'zh-CN': '{year} 年尚未到来，不能评价',
      en: '{year} has not come yet: it cannot be rated',
    },
    DUAL_REPORT_YEAR_END_SUBJECT: {
      'zh-CN': '请指定一个单位（partnerId）或一名党员（memberId），二者选一',
      en: 'Give either a unit (partnerId) or a member (memberId), not both',
    },
  },
};
