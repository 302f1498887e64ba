import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_TIME_ZONE, WorkingCalendar, type CalendarOverride } from './working-calendar';

/** The one statement that reads a district's calendar: its zone and its overrides (`$1` the tenant). */
export const DISTRICT_CALENDAR_SQL = `select t.time_zone as "timeZone",
              (select json_agg(json_build_object('date', to_char(o.date, 'YYYY-MM-DD'), 'kind', o.kind, 'note', o.note))
                 from tenant_calendar_overrides o where o.tenant_id = t.id) as overrides
         from tenants t where t.id = $1`;

/** The calendar of DISTRICT_CALENDAR_SQL's row (none: the default zone, no overrides). */
export function calendarOfRow(row: { timeZone: string | null; overrides: CalendarOverride[] | null } | undefined) {
  return new WorkingCalendar(row?.timeZone ?? DEFAULT_TIME_ZONE, row?.overrides ?? []);
}

/**
 * The district's clock for the core: its time zone from the tenant profile and its working-day
 * calendar (national schedule plus the district's overrides), read in the caller's tenant
 * transaction in one statement. Read it once per transaction and pass the calendar along; an
 * edit is seen by the next transaction.
 */
@Injectable()
export class DistrictClockService {
  async calendar(em: EntityManager, tenantId: string): Promise<WorkingCalendar> {
    const rows: { timeZone: string | null; overrides: CalendarOverride[] | null }[] = await em.query(
      DISTRICT_CALENDAR_SQL,
      [tenantId],
    );
    return calendarOfRow(rows[0]);
  }
}
