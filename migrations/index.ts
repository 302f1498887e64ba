import { Init1795377985285 } from './1795377985285-init';
import { IdempotencyRecords1795378962083 } from './1795378962083-idempotency-records';
import { PluginsJobsNotifications1795381971785 } from './1795381971785-plugins-jobs-notifications';
import { PrincipalFunction1795800000000 } from './1795800000000-principal-function';
import { AuthenticationHardening1795900000000 } from './1795900000000-authentication-hardening';
import { PrincipalSession1795900000001 } from './1795900000001-principal-session';
import { IdempotencyRetention1795910000000 } from './1795910000000-idempotency-retention';
import { JobBacklog1796000000000 } from './1796000000000-job-backlog';
import { SdkViewsPreferredLanguage1796100000000 } from './1796100000000-sdk-views-preferred-language';
import { DistrictTime1796200000000 } from './1796200000000-district-time';
import { Referrals1796300000000 } from './1796300000000-referrals';
// The core migrations, in order. `npm run migration:generate -- <Name>` appends to this list.
export const CORE_MIGRATIONS: Function[] = [
  Init1795377985285,
  IdempotencyRecords1795378962083,
  PluginsJobsNotifications1795381971785,
  PrincipalFunction1795800000000,
  AuthenticationHardening1795900000000,
  PrincipalSession1795900000001,
  IdempotencyRetention1795910000000,
  JobBacklog1796000000000,
  SdkViewsPreferredLanguage1796100000000,
  DistrictTime1796200000000,
  Referrals1796300000000,
];
