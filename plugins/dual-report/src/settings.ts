import { ArrayMaxSize, ArrayUnique, IsIn, IsInt, Max, Min } from '@tongxin/plugin-sdk';
import { WEEKDAYS, type Weekday } from './constants';

/** What a district may change with `PATCH /api/v1/plugins/dual-report/settings`; initialisers are the defaults. */
export class DualReportSettings {
  /** The days in-service members serve in their community (祥云: Friday and Sunday). */
  @ArrayUnique()
  @ArrayMaxSize(7)
  @IsIn(WEEKDAYS, { each: true })
  serviceDays: Weekday[] = ['friday', 'sunday'];

  /** The renewal reminder goes this many days before a co-building agreement's term ends. */
  @IsInt()
  @Min(1)
  @Max(365)
  renewalReminderDays = 30;

  /** Most hours one sign-up may log. */
  @IsInt()
  @Min(1)
  @Max(24)
  maxHoursPerSignup = 12;
}
