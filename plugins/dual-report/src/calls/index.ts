import type { DualReportFeature } from '../shared/feature';
import { DualReportCall } from './call.entity';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { SignupsService } from './signups.service';
import { DualReportSignup } from './signup.entity';
import { callsErrors } from './errors';

export { gridCaseReportedSubscription } from './case-call';
export { DualReportCall } from './call.entity';
export { DualReportSignup } from './signup.entity';

export const callsFeature: DualReportFeature = {
  entities: [DualReportCall, DualReportSignup],
  controllers: [CallsController],
  providers: [CallsService, SignupsService],
  entityNames: {
    dual_report_calls: { 'zh-CN': '吹号需求', en: 'call' },
    dual_report_signups: { 'zh-CN': '报名', en: 'sign-up' },
  },
  notifications: {
    'call-posted': {
      title: { 'zh-CN': '{unit}吹号：{title}', en: '{unit} calls for help: {title}' },
      body: { 'zh-CN': '{details}', en: '{details}' },
    },
    'call-cancelled': {
      title: { 'zh-CN': '活动取消：{title}', en: 'Cancelled: {title}' },
      body: { 'zh-CN': '{reason}', en: '{reason}' },
    },
    'service-logged': {
      title: { 'zh-CN': '服务时长已记录：{title}', en: 'Service hours recorded: {title}' },
      body: { 'zh-CN': '{hours} 小时', en: '{hours} hours' },
    },
  },
  errors: callsErrors,
};
