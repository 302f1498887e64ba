import type { DualReportFeature } from '../shared/feature';
import { DualReportCall } from './call.entity';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { SignupsService } from './signups.service';
import { DualReportSignup } from './signup.entity';

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
  errors: {
    DUAL_REPORT_CALL_UNIT_LEVEL: {
      'zh-CN': '只有社区或网格党支部可以吹号，“{unit}”不能',
      en: 'Only a community or a grid branch posts calls: "{unit}" cannot',
    },
    DUAL_REPORT_CALL_STARTS_IN_PAST: {
      'zh-CN': '开始时间必须晚于现在',
      en: 'The call must start in the future',
    },
    DUAL_REPORT_CALL_ENDS_BEFORE_START: {
      'zh-CN': '结束时间必须晚于开始时间',
      en: 'The call must end after it starts',
    },
    DUAL_REPORT_CALL_CLOSED: {
      'zh-CN': '“{title}”已截止、结束或取消',
      en: 'The call "{title}" is closed, over or cancelled',
    },
    DUAL_REPORT_CALL_FULL: {
      'zh-CN': '“{title}”的 {capacity} 个名额已满',
      en: 'All {capacity} places of "{title}" are taken',
    },
    DUAL_REPORT_CALL_STARTED: {
      'zh-CN': '“{title}”已开始，不能再取消报名',
      en: 'The call "{title}" has started: the sign-up can no longer be withdrawn',
    },
    DUAL_REPORT_CALL_NOT_STARTED: {
      'zh-CN': '“{title}”尚未开始，不能确认到场',
      en: 'The call "{title}" has not started yet: attendance cannot be confirmed',
    },
    DUAL_REPORT_CALL_HAS_ATTENDANCE: {
      'zh-CN': '“{title}”已确认到场情况，不能取消',
      en: 'Attendance at "{title}" has been confirmed: it cannot be cancelled',
    },
    DUAL_REPORT_NOT_REGISTERED_HERE: {
      'zh-CN': '您未在发布该需求的社区报到（或报到尚未通过），不能报名',
      en: 'You have no approved registration with the community that posted this call',
    },
    DUAL_REPORT_UNIT_NOT_PAIRED: {
      'zh-CN': '本单位未与发布该需求的社区结对共建，不能以单位名义报名',
      en: 'Your unit is not paired with the community that posted this call',
    },
    DUAL_REPORT_NOT_A_LIAISON: {
      'zh-CN': '只有单位党组织联络人可以代表单位报名',
      en: 'Only a unit’s party liaison signs the unit up',
    },
    DUAL_REPORT_ALREADY_SIGNED_UP: {
      'zh-CN': '已报名“{title}”',
      en: 'Already signed up to "{title}"',
    },
    DUAL_REPORT_NOT_SIGNED_UP: {
      'zh-CN': '报名 {id} 不是本次活动的有效报名',
      en: 'Sign-up {id} is not a live sign-up of this call',
    },
    DUAL_REPORT_ALREADY_CONFIRMED: {
      'zh-CN': '报名 {id} 的到场情况已确认',
      en: 'Attendance for sign-up {id} is already confirmed',
    },
    DUAL_REPORT_ATTENDANCE_DUPLICATE: {
      'zh-CN': '同一报名在本次确认中出现了多次',
      en: 'A sign-up appears more than once in the entries',
    },
    DUAL_REPORT_HOURS_OUT_OF_RANGE: {
      'zh-CN': '报名 {id} 的服务时长须大于 0 且不超过 {max} 小时（未到场不记时长）',
      en: 'Hours for sign-up {id} must be more than 0 and at most {max} (none when absent)',
    },
  },
};
