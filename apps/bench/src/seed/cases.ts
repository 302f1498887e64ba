import type { Random } from './random';

/** The scope columns of a unit, as on its org_units row. */
export interface ScopedUnit {
  id: string;
  code: string;
  level: number;
  name: string;
  districtId: string;
  streetId: string | null;
  communityId: string | null;
  gridId: string | null;
  groupId: string | null;
}

export interface GridPlace {
  grid: ScopedUnit;
  groups: ScopedUnit[];
  community: ScopedUnit;
  street: ScopedUnit;
  /** Full-time grid workers' user ids (at least one). */
  workers: string[];
  /** Relative case load: some grids are much busier than others. */
  weight: number;
}

export interface CaseWorld {
  tenantId: string;
  district: ScopedUnit;
  places: GridPlace[];
  items: { id: string; code: string; category: string; timeLimitHours: number; handlerType: string }[];
  /** Staff by unit id: who dispatches and verifies at a community, street or the district. */
  staffAt: Map<string, string>;
  departments: { id: string; name: string; userId: string }[];
}

export type Row = (string | number | boolean | null)[];

export interface CaseSink {
  case(row: Row): void | Promise<void>;
  event(row: Row): void | Promise<void>;
  supervision(row: Row): void | Promise<void>;
}

/** Column order of the rows below, for COPY. */
export const CASE_COLUMNS = [
  'tenant_id',
  'id',
  'created_at',
  'updated_at',
  'district_id',
  'street_id',
  'community_id',
  'grid_id',
  'group_id',
  'number',
  'number_day',
  'number_seq',
  'source',
  'item_id',
  'description',
  'address',
  'latitude',
  'longitude',
  'reporter_name',
  'reporter_phone',
  'reported_by',
  'unit_id',
  'state',
  'handling_unit_id',
  'handling_level',
  'handler_unit_id',
  'handler_partner_id',
  'handler_user_id',
  'dispatched_by',
  'first_dispatched_at',
  'dispatched_at',
  'respond_by',
  'accepted_at',
  'responded_in_time',
  'deadline_at',
  'resolved_at',
  'resolved_by',
  'resolution',
  'closed_at',
  'closed_by',
  'overdue_at',
  'escalations',
  'reopen_count',
  'satisfaction',
  'satisfaction_at',
  'needs_volunteers',
  'reported_at',
];
export const EVENT_COLUMNS = [
  'tenant_id',
  'id',
  'created_at',
  'updated_at',
  'district_id',
  'street_id',
  'community_id',
  'grid_id',
  'group_id',
  'case_id',
  'action',
  'from_state',
  'to_state',
  'actor_id',
  'occurred_at',
  'note',
  'details',
];
export const SUPERVISION_COLUMNS = [
  'tenant_id',
  'id',
  'created_at',
  'updated_at',
  'district_id',
  'street_id',
  'community_id',
  'grid_id',
  'group_id',
  'case_id',
  'reason',
  'opened_at',
  'opened_by',
  'handler_unit_id',
  'handler_partner_id',
  'note',
  'closed_at',
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Beijing time: case numbers and days are the district's. */
const TZ_OFFSET = 8 * HOUR;

/** How cases reach the grid (番禺/湛河 reports: patrols find most, the 12345 hotline a large share). */
const SOURCES = [
  ['patrol', 45],
  ['walk_in', 18],
  ['hotline_12345', 16],
  ['online', 10],
  ['upper_dispatch', 8],
  ['open311', 3],
] as const;

/** Hazards and livelihood problems dominate; publicity is rarely a case. */
const CATEGORY_WEIGHT: Record<string, number> = {
  hazard_patrol: 45,
  info_collection: 30,
  special_task: 17,
  publicity: 8,
};

const DETAILS: Record<string, string[]> = {
  hazard_patrol: [
    '楼道堆放杂物，堵塞消防通道',
    '电动车在楼道内充电',
    '路面井盖破损',
    '违规占道经营',
    '高空坠物隐患',
    '消防栓损坏',
  ],
  info_collection: ['新入住租户未登记', '实有人口信息变更', '商铺信息采集', '出租屋信息核查'],
  special_task: ['防汛隐患排查', '专项走访发现问题', '公共卫生整治点位'],
  publicity: ['居民咨询政策', '反诈宣传需求'],
};

const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];

const LEVEL_OF_HANDLER: Record<string, number> = { grid: 4, community: 3, street: 2, district: 1 };

/** `2026-10-31` of the district day of `ms`. */
function districtDay(ms: number): string {
  return new Date(ms + TZ_OFFSET).toISOString().slice(0, 10);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Cumulative weights for picking a grid by its load in O(log n). */
function cumulative(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (out[i] = sum += w));
  return out;
}

function pickIndex(cum: Float64Array, r: number): number {
  const target = r * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Writes `count` cases filed over the `years` before `anchor`, oldest first, with their history
 * and 督办 records, as the product itself would have written them: numbered per district day,
 * uuid v7 ids in filing order, scope columns from the unit, a realistic state mix (old cases
 * closed, recent ones still moving through the loop), and timings drawn around the item's time
 * limit (most on time, some overdue).
 */
export async function generateCases(
  world: CaseWorld,
  rng: Random,
  count: number,
  anchor: Date,
  years: number,
  sink: CaseSink,
): Promise<{ cases: number; events: number; supervisions: number }> {
  const end = anchor.getTime();
  const days = Math.round(years * 365);
  const start = end - days * DAY;
  const gridCum = cumulative(world.places.map((p) => p.weight));
  const itemCum = cumulative(world.items.map((i) => CATEGORY_WEIGHT[i.category] ?? 5));
  const totals = { cases: 0, events: 0, supervisions: 0 };

  // Cases per day: growing as the district adopts the system, fewer at weekends.
  const dayWeights = Array.from({ length: days }, (_, d) => {
    const weekday = new Date(start + d * DAY + TZ_OFFSET).getUTCDay();
    return (0.6 + (0.8 * d) / days) * (weekday === 0 || weekday === 6 ? 0.7 : 1) * (0.85 + 0.3 * rng.next());
  });
  const weightSum = dayWeights.reduce((a, b) => a + b, 0);
  let assigned = 0;
  for (let d = 0; d < days; d++) {
    const n = d === days - 1 ? count - assigned : Math.round((dayWeights[d]! / weightSum) * count);
    const today = Math.min(n, count - assigned);
    assigned += today;
    // Filing times within the day, mostly 08:00–20:00 Beijing time, in order.
    const dayStart = start + d * DAY;
    const times = Array.from({ length: today }, () =>
      rng.chance(0.85) ? dayStart + (0 + rng.next() * 12) * HOUR : dayStart + rng.next() * DAY,
    ).sort((a, b) => a - b);
    const numberDay = districtDay(dayStart + HOUR);
    for (let seq = 1; seq <= times.length; seq++) {
      await writeCase(world, rng, gridCum, itemCum, times[seq - 1]!, numberDay, seq, end, sink, totals);
    }
  }
  return totals;
}

async function writeCase(
  world: CaseWorld,
  rng: Random,
  gridCum: Float64Array,
  itemCum: Float64Array,
  filedAt: number,
  numberDay: string,
  seq: number,
  end: number,
  sink: CaseSink,
  totals: { cases: number; events: number; supervisions: number },
): Promise<void> {
  const place = world.places[pickIndex(gridCum, rng.next())]!;
  const unit = place.groups.length && rng.chance(0.05) ? rng.pick(place.groups) : place.grid;
  const item = world.items[pickIndex(itemCum, rng.next())]!;
  const source = rng.weighted(SOURCES);
  const caseId = rng.uuidAt(filedAt);
  const scope = [unit.districtId, unit.streetId, unit.communityId, unit.gridId, unit.groupId];
  const worker = rng.pick(place.workers);
  const reportedBy =
    source === 'open311'
      ? null
      : source === 'hotline_12345' || source === 'upper_dispatch'
        ? (world.staffAt.get(place.street.id) ?? worker)
        : worker;
  const withReporter = source === 'walk_in' || source === 'hotline_12345' || source === 'open311';
  const events: Row[] = [];
  const event = (at: number, action: string, from: string | null, to: string, actor: string | null, details = {}) =>
    events.push([
      world.tenantId,
      rng.uuidAt(at),
      iso(at),
      iso(at),
      ...scope,
      caseId,
      action,
      from,
      to,
      actor,
      iso(at),
      '',
      JSON.stringify(details),
    ]);

  event(filedAt, 'collect', null, 'collected', reportedBy, { source, itemCode: item.code });
  event(filedAt, 'report', 'collected', 'reported', reportedBy);
  if (source === 'open311') event(filedAt, 'open311', 'reported', 'reported', null, { keyPrefix: 'bench0000' });

  // The loop, drawn in full, then cut at the anchor: whatever has not happened yet leaves the
  // case in the state it had reached.
  let state = 'reported';
  let updatedAt = filedAt;
  let at = filedAt;
  const ladder = [place.grid, place.community, place.street, world.district];
  let level = Math.max(
    0,
    4 - (LEVEL_OF_HANDLER[item.handlerType] ?? 4),
    rng.weighted([
      [0, 72],
      [1, 23],
      [2, 4.5],
      [3, 0.5],
    ] as const),
  );
  const c = {
    handlingUnit: place.grid,
    escalations: 0,
    handlerUnitId: null as string | null,
    handlerPartnerId: null as string | null,
    handlerUserId: null as string | null,
    dispatchedBy: null as string | null,
    dispatchedAt: null as number | null,
    respondBy: null as number | null,
    acceptedAt: null as number | null,
    respondedInTime: null as boolean | null,
    deadlineAt: null as number | null,
    resolvedAt: null as number | null,
    resolvedBy: null as string | null,
    resolution: '',
    closedAt: null as number | null,
    closedBy: null as string | null,
    overdueAt: null as number | null,
    satisfaction: null as string | null,
    satisfactionAt: null as number | null,
  };
  const happened = (t: number) => t <= end;
  const staffOf = (u: ScopedUnit) => world.staffAt.get(u.id) ?? worker;

  const cancelled = rng.chance(0.015);
  for (let step = 1; step <= level && !cancelled; step++) {
    const t = at + rng.int(10, 240) * MINUTE;
    if (!happened(t)) break;
    const from = c.handlingUnit;
    const to = ladder[step]!;
    event(t, 'escalate', state, 'escalated', staffOf(from), {
      fromUnitId: from.id,
      fromLevel: from.level,
      toUnitId: to.id,
      toLevel: to.level,
    });
    c.handlingUnit = to;
    c.escalations++;
    state = 'escalated';
    at = updatedAt = t;
  }
  level = c.escalations;

  if (cancelled) {
    const t = at + rng.int(30, 24 * 60) * MINUTE;
    if (happened(t)) {
      event(t, 'cancel', state, 'cancelled', staffOf(place.community));
      state = 'cancelled';
      updatedAt = t;
    }
  } else {
    const dispatchAt = at + rng.int(5, 90) * MINUTE;
    if (happened(dispatchAt)) {
      // 小事不出网格: the grid handles its own; above it, departments take most.
      const toDepartment = level > 0 && rng.chance(level === 1 ? 0.55 : 0.8);
      const department = toDepartment ? rng.pick(world.departments) : null;
      c.handlerUnitId = department ? null : level === 0 ? place.grid.id : ladder[Math.max(0, level - 1)]!.id;
      c.handlerPartnerId = department?.id ?? null;
      c.handlerUserId = department ? (rng.chance(0.5) ? department.userId : null) : rng.chance(0.5) ? worker : null;
      c.dispatchedBy = staffOf(c.handlingUnit);
      c.dispatchedAt = dispatchAt;
      c.respondBy = dispatchAt + 120 * MINUTE;
      c.deadlineAt = dispatchAt + item.timeLimitHours * HOUR;
      event(dispatchAt, 'dispatch', state, 'dispatched', c.dispatchedBy, {
        handlerUnitId: c.handlerUnitId,
        handlerPartnerId: c.handlerPartnerId,
        handlerUserId: c.handlerUserId,
        handlerName: department?.name ?? c.handlingUnit.name,
        itemCode: item.code,
        deadline: iso(c.deadlineAt),
      });
      state = 'dispatched';
      updatedAt = dispatchAt;
      const handler = c.handlerUserId ?? department?.userId ?? worker;

      const acceptAt = dispatchAt + Math.max(1, rng.logNormal(25, 1.1)) * MINUTE;
      if (happened(acceptAt)) {
        c.acceptedAt = acceptAt;
        c.respondedInTime = acceptAt <= c.respondBy;
        c.handlerUserId ??= handler;
        event(acceptAt, 'accept', state, 'handling', handler, { respondedInTime: c.respondedInTime });
        state = 'handling';
        updatedAt = acceptAt;
        // Most finish well within the limit; the tail runs over (and gets 督办).
        // A few stall for weeks (难事): the backlog of open, overdue cases every district carries.
        const resolveAt = rng.chance(0.004)
          ? acceptAt + rng.int(20, 120) * DAY
          : acceptAt + rng.logNormal(item.timeLimitHours * 0.3, 0.85) * HOUR;
        if (c.deadlineAt < Math.min(resolveAt, end + 1) && happened(c.deadlineAt)) {
          c.overdueAt = c.deadlineAt;
          event(c.deadlineAt, 'overdue', state, state, null, { deadline: iso(c.deadlineAt) });
        }
        if (happened(resolveAt)) {
          c.resolvedAt = resolveAt;
          c.resolvedBy = handler;
          c.resolution = '已现场处置完毕';
          event(resolveAt, 'resolve', state, 'resolved', handler, { onTime: resolveAt <= c.deadlineAt });
          state = 'resolved';
          updatedAt = resolveAt;
          const closeAt = resolveAt + rng.logNormal(3, 0.8) * HOUR;
          if (happened(closeAt)) {
            c.closedAt = closeAt;
            c.closedBy = staffOf(c.handlingUnit.level === 4 ? place.community : c.handlingUnit);
            event(closeAt, 'verify', state, 'closed', c.closedBy);
            state = 'closed';
            updatedAt = closeAt;
            const rateAt = closeAt + rng.int(60, 72 * 60) * MINUTE;
            if (rng.chance(0.65) && happened(rateAt)) {
              c.satisfaction = rng.weighted([
                ['satisfied', 85],
                ['basically_satisfied', 12],
                ['dissatisfied', 3],
              ] as const);
              c.satisfactionAt = rateAt;
              updatedAt = rateAt;
            }
          }
        }
      }
    }
  }

  const lat = rng.chance(0.6) ? 22.9 + rng.next() * 0.1 : null;
  await sink.case([
    world.tenantId,
    caseId,
    iso(filedAt),
    iso(updatedAt),
    ...scope,
    `${numberDay.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
    numberDay,
    seq,
    source,
    item.id,
    `${unit.name}：${rng.pick(DETAILS[item.category] ?? ['群众反映问题'])}`,
    `${place.community.name}${rng.int(1, 40)}号楼${rng.int(1, 6)}单元`,
    lat === null ? null : lat.toFixed(6),
    lat === null ? null : (113.3 + rng.next() * 0.1).toFixed(6),
    withReporter ? `${rng.pick(SURNAMES)}${rng.chance(0.5) ? '女士' : '先生'}` : '',
    withReporter ? `13${rng.int(100000000, 999999999)}` : '',
    reportedBy,
    unit.id,
    state,
    c.handlingUnit.id,
    c.handlingUnit.level,
    c.handlerUnitId,
    c.handlerPartnerId,
    c.handlerUserId,
    c.dispatchedBy,
    iso(c.dispatchedAt),
    iso(c.dispatchedAt),
    iso(c.respondBy),
    iso(c.acceptedAt),
    c.respondedInTime,
    iso(c.deadlineAt),
    iso(c.resolvedAt),
    c.resolvedBy,
    c.resolution,
    iso(c.closedAt),
    c.closedBy,
    iso(c.overdueAt),
    c.escalations,
    0,
    c.satisfaction,
    iso(c.satisfactionAt),
    false,
    iso(filedAt),
  ]);
  for (const e of events) await sink.event(e);
  totals.cases++;
  totals.events += events.length;
  if (c.overdueAt !== null) {
    await sink.supervision([
      world.tenantId,
      rng.uuidAt(c.overdueAt),
      iso(c.overdueAt),
      iso(c.closedAt ?? c.overdueAt),
      ...scope,
      caseId,
      'overdue',
      iso(c.overdueAt),
      null,
      c.handlerUnitId,
      c.handlerPartnerId,
      '',
      iso(c.closedAt),
    ]);
    totals.supervisions++;
  }
}
