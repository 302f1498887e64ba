import type { DualReportFeature } from '../shared/feature';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

export { figures, periodOf, type Figures, type Period } from './figures';

/** 双报告: what a unit's party organisation reads about its members, and period summaries. */
export const reportsFeature: DualReportFeature = {
  controllers: [ReportsController],
  providers: [ReportsService],
  errors: {
    DUAL_REPORT_NO_UNIT: {
      'zh-CN': '你的账号不属于任何单位，无法代表单位查看或评价',
      en: 'Your account belongs to no unit: there is no unit to act for',
    },
    DUAL_REPORT_PERIOD_INVALID: {
      'zh-CN': '统计区间无效：开始日期 {from} 不能晚于结束日期 {to}',
      en: 'Invalid period: from ({from}) must not be after to ({to})',
    },
  },
};
