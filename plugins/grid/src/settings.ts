import { IsInt, Max, Min } from '@tongxin/plugin-sdk';

/**
 * What a district may change with `PATCH /api/v1/plugins/grid/settings`. The property
 * initialisers are the defaults.
 */
export class GridSettings {
  /** A handler must sign for (accept) a dispatched case within this many minutes to count as responding in time. */
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  responseLimitMinutes = 120;

  /** The reminder goes this many minutes before a case's deadline (or halfway, for shorter limits). */
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  reminderBeforeMinutes = 120;

  /** Departments called by a three-level call must report in within this many minutes unless the call says otherwise. */
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  callReportInMinutes = 30;

  /** A closed case may be reopened for this many days. */
  @IsInt()
  @Min(0)
  @Max(365)
  reopenWindowDays = 30;

  /** Largest photo accepted, in bytes. */
  @IsInt()
  @Min(10_000)
  @Max(10_000_000)
  maxPhotoBytes = 3_000_000;

  /** Most photos on one case. */
  @IsInt()
  @Min(1)
  @Max(30)
  maxPhotosPerCase = 9;

  /**
   * Open311 filings one api_key may make per minute; more are refused with 429 and `Retry-After`
   * (0 stops filing with the key). A hotline or app files one request at a time; a burst is a bug
   * or an abuse, and each filing is a real case with a number and timers.
   */
  @IsInt()
  @Min(0)
  @Max(10_000)
  open311FilingsPerKeyPerMinute = 20;

  /**
   * Open311 filing attempts one client (network address) may make per minute, with any key or
   * none; more are refused with 429 and `Retry-After`.
   */
  @IsInt()
  @Min(0)
  @Max(10_000)
  open311AttemptsPerClientPerMinute = 60;

  /** Patrols expected per grid and day (上下午双巡: one in the morning, one in the afternoon). */
  @IsInt()
  @Min(1)
  @Max(2)
  patrolsPerDay = 2;
}
