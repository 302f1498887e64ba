import type { DualReportFeature } from '../shared/feature';
import { DualReportRegistration } from './registration.entity';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsService } from './registrations.service';
import { registrationsErrors } from './errors';

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
  errors: registrationsErrors,
};
