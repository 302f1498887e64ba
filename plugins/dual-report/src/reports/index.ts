import type { DualReportFeature } from '../shared/feature';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { reportsErrors } from './errors';

export { figures, periodOf, type Figures, type Period } from './figures';

/** 双报告: what a unit's party organisation reads about its members, and period summaries. */
export const reportsFeature: DualReportFeature = {
  controllers: [ReportsController],
  providers: [ReportsService],
  errors: reportsErrors,
};
