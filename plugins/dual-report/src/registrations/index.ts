import type { DualReportFeature } from '../shared/feature';
import { DualReportRegistration } from './registration.entity';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';

export { DualReportRegistration } from './registration.entity';
export { CURRENT_SQL, HELD_AT_SQL } from './registration-views';
export { namedQuery, namesOf } from './names';

export const registrationsFeature: DualReportFeature = {
  entities: [DualReportRegistration],
  controllers: [RegistrationsController],
  providers: [RegistrationsService],
  entityNames: {
    dual_report_registrations: { 'zh-CN': '报到登记', en: 'Registration' },
  },
  notifications: {
    'registration-approved': {
      title: { 'zh-CN': '{community}已同意你的报到', en: '{community} accepted your registration' },
      body: { 'zh-CN': '{note}', en: '{note}' },
    },
    'registration-refused': {
      title: { 'zh-CN': '{community}未同意你的报到', en: '{community} did not accept your registration' },
      body: { 'zh-CN': '{reason}', en: '{reason}' },
    },
  },
  errors: {
    DUAL_REPORT_ALREADY_REGISTERED: {
      'zh-CN': '你已在{community}报到（{status}），同一时间只能在一个社区报到',
      en: 'You are already registered with {community} ({status}): one community at a time',
    },
    DUAL_REPORT_REGISTRATION_NOT_PENDING: {
      'zh-CN': '该报到已处理（当前状态“{status}”），只有待审核的报到可以审核或撤回',
      en: 'This registration is no longer pending ("{status}"): only a pending one can be reviewed or withdrawn',
    },
    DUAL_REPORT_REGISTRATION_CLOSED: {
      'zh-CN': '该报到已结束（当前状态“{status}”），不能再修改',
      en: 'This registration is closed ("{status}") and can no longer be changed',
    },
    DUAL_REPORT_NOT_REGISTERED: {
      'zh-CN': '你还没有已通过的报到，无法转移；请直接到居住地社区报到',
      en: 'You have no approved registration to transfer: apply to your home community instead',
    },
    DUAL_REPORT_TRANSFER_SAME_COMMUNITY: {
      'zh-CN': '你已在{community}报到，无需转移',
      en: 'You are already registered with {community}: there is nothing to transfer',
    },
  },
};
