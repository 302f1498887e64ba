import { defineEvent, IsBoolean, IsString, IsUUID, on } from '@tongxin/plugin-sdk';
import type { DistrictCalendar, EventContext } from '@tongxin/plugin-sdk';
import { WEEKDAYS, type Weekday } from '../constants';
import type { DualReportSettings } from '../settings';
import { notifyCallPosted } from './call-access';
import { DualReportCall } from './call.entity';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Places on a call opened for a grid case. */
const CASE_CALL_CAPACITY = 10;

/**
 * Midnight (the district's time) of the first service day after today; tomorrow when the district
 * has no service days. Never today, so the volunteers hear of it at least the evening before.
 */
export function nextServiceDay(now: Date, serviceDays: Weekday[], calendar: DistrictCalendar): Date {
  const today = Date.parse(`${calendar.dateOf(now)}T00:00:00Z`);
  const dayAfter = (i: number) => new Date(today + i * DAY).toISOString().slice(0, 10);
  for (let i = 1; i <= 7; i++) {
    // getUTCDay of the district date: 0 = Sunday; WEEKDAYS starts on Monday.
    const weekday = WEEKDAYS[(new Date(`${dayAfter(i)}T00:00:00Z`).getUTCDay() + 6) % 7]!;
    if (serviceDays.includes(weekday)) return calendar.startOfDay(dayAfter(i));
  }
  return calendar.startOfDay(dayAfter(1));
}

/**
 * The fields of the grid's `grid.case-reported` v1 this plugin reads: its side of the contract,
 * checked on every delivery (dual-report does not import the grid plugin).
 */
export class GridCaseReportedV1 {
  @IsUUID() caseId!: string;
  @IsString() number!: string;
  @IsUUID() unitId!: string;
  @IsString() itemCode!: string;
  @IsString() description!: string;
  @IsString() address!: string;
  @IsBoolean() needsVolunteers!: boolean;
}

export const GridCaseReported = defineEvent('grid.case-reported', 1, GridCaseReportedV1);

/**
 * `grid.case-reported` v1: a grid case that needs volunteers opens a need at its community, on
 * the next service day 09:00–12:00 district time, with 10 places and nobody as poster. One call per
 * case (a redelivered event finds it and does nothing); cases without the flag, and cases above
 * community level (no community to serve), open none.
 */
export async function onGridCaseReported(ctx: EventContext<GridCaseReportedV1>): Promise<void> {
  const p = ctx.payload;
  if (!p.needsVolunteers) return;
  const { tx } = ctx;
  const unit = await tx.hierarchy.unit(p.unitId);
  const community = unit?.communityId ? await tx.hierarchy.unit(unit.communityId) : null;
  if (!community) return;
  const [existing] = await tx.query('select id from dual_report_calls where source_case_id = $1', [p.caseId]);
  if (existing) return;
  const { serviceDays } = await tx.settings<DualReportSettings>();
  const day = nextServiceDay(tx.now, serviceDays, await tx.clock.calendar());
  const text = (v: string, max: number) => v.slice(0, max);
  const call = await tx.repository(DualReportCall).insert(
    {
      unitId: community.id,
      kind: 'need',
      title: `网格事件 ${text(p.number, 40)}（${text(p.itemCode, 40)}）招募志愿者`,
      description: text(p.description, 2000),
      place: text(p.address, 200),
      startsAt: new Date(day.getTime() + 9 * HOUR),
      endsAt: new Date(day.getTime() + 12 * HOUR),
      capacity: CASE_CALL_CAPACITY,
      skillsWanted: [],
      status: 'open',
      postedBy: null,
      sourceCaseId: p.caseId,
      closedAt: null,
    },
    { unitId: community.id },
  );
  await tx.audit('call.open-for-case', 'dual_report_call', call.id, null, {
    caseId: p.caseId,
    number: p.number,
    unitId: community.id,
    startsAt: call.startsAt.toISOString(),
  });
  await notifyCallPosted(tx, call, community.name);
}

/** The subscription: optional, since a district may run dual-report without the grid. */
export const gridCaseReportedSubscription = on(GridCaseReported, onGridCaseReported, { optional: true });
