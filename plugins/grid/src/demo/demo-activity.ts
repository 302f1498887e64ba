import { demoId, insertRows, type DemoContext, type DistrictCalendar } from '@tongxin/plugin-sdk';
import type { CaseState } from '../cases/case-workflow';

/*
 * A year of grid work for the demo district (hooks.demo): cases filed across every grid, walked
 * round the loop as staff would have walked them (dispatch, accept, resolve, verify; escalations,
 * returns, rejections, reopenings, cancellations, 督办 when a deadline passes), rated at the return
 * visit, and the demo grid worker's twice-daily patrols. Written straight into the plugin's tables
 * with the history the indicators read; the newest cases are left at each state of the loop.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Cases a year across the district's 344 grids: about seven a day. */
const CASES_PER_YEAR = 2600;
/** The grid the demo's grid worker (worker1) and grid leader (grid1) work in. */
const DEMO_GRID_CODE = 'ZH-01-01-01';

/** The newest cases stop at these states, one each, so the demo shows every state of the loop. */
const LEFT_AT: readonly CaseState[] = [
  'collected',
  'reported',
  'escalated',
  'dispatched',
  'handling',
  'resolved',
  'returned',
  'reopened',
  'cancelled',
];

interface Unit {
  id: string;
  code: string;
  name: string;
  level: number;
  parent_id: string | null;
  district_id: string;
  street_id: string | null;
  community_id: string | null;
  grid_id: string | null;
  group_id: string | null;
}

interface Item {
  id: string;
  code: string;
  category: string;
  time_limit_hours: number;
  handler_type: string;
}

const DETAILS: Record<string, string[]> = {
  hazard_patrol: ['楼道堆放杂物，堵塞消防通道', '电动车在楼道内充电', '路面井盖破损', '违规占道经营', '消防栓损坏'],
  info_collection: ['新入住租户未登记', '实有人口信息变更', '商铺信息采集', '出租屋信息核查'],
  special_task: ['防汛隐患排查', '专项走访发现问题', '公共卫生整治点位'],
  publicity: ['居民咨询政策', '反诈宣传需求'],
};
const SOURCES = [
  ['patrol', 45],
  ['walk_in', 18],
  ['hotline_12345', 16],
  ['online', 10],
  ['upper_dispatch', 8],
  ['open311', 3],
] as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function loadDemoActivity(ctx: DemoContext): Promise<void> {
  const { tx, users } = ctx;
  const calendar = await tx.clock.calendar();
  const r = ctx.random;
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const weighted = <T>(choices: readonly (readonly [T, number])[]): T => {
    let x = r() * choices.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of choices) if ((x -= w) < 0) return v;
    return choices[choices.length - 1]![0];
  };
  /** Log-normal around `median`: most near it, a long tail above. */
  const around = (median: number, sigma = 0.8) =>
    median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));

  const units = await tx.query<Unit>(
    'select id, code, name, level, parent_id, district_id, street_id, community_id, grid_id, group_id from sdk_units order by code',
  );
  const byId = new Map(units.map((u) => [u.id, u]));
  const grids = units.filter((u) => u.level === 4);
  const district = units.find((u) => u.level === 1)!;
  const items = await tx.query<Item>(
    `select id, code, category, case time_limit_unit when 'working_days' then time_limit * 24 else time_limit end as time_limit_hours,
            handler_type from grid_items where active order by sort_order, code`,
  );
  if (!grids.length || !items.length) return;
  const departments = (await tx.partners.list({ type: 'department' })).map((p) => p.id);
  const cityMgmt = (await tx.partners.list({ type: 'department' })).find((p) => p.name.includes('城市管理'))?.id;
  const demoGrid = grids.find((g) => g.code === DEMO_GRID_CODE);

  // Who acts: the demo's own staff where they work, the district's staff elsewhere.
  const fallback = users.district1 ?? users.admin!;
  const staffAt = (u: Unit): string => {
    if (demoGrid && u.id === demoGrid.id) return users.grid1 ?? fallback;
    if (u.code === 'ZH-01-01') return users.community1 ?? fallback;
    if (u.code === 'ZH-01') return users.street1 ?? fallback;
    if (u.code === 'ZH-02') return users.street2 ?? fallback;
    return fallback;
  };
  const workerOf = (g: Unit) => (demoGrid && g.id === demoGrid.id ? (users.worker1 ?? fallback) : staffAt(g));

  // Some grids are much busier than others; the demo grid is a busy one.
  const weights = grids.map((g) => (g.id === demoGrid?.id ? 6 : 0.4 + 1.6 * r()));
  const total = weights.reduce((a, b) => a + b, 0);
  const pickGrid = () => {
    let x = r() * total;
    for (let i = 0; i < grids.length; i++) if ((x -= weights[i]!) < 0) return grids[i]!;
    return grids[grids.length - 1]!;
  };

  const end = ctx.to.getTime();
  const start = ctx.from.getTime();
  const times = Array.from({ length: CASES_PER_YEAR }, () => {
    const day = Math.floor(r() * 365);
    return start + day * DAY + (chance(0.85) ? (0.5 + 11 * r()) * HOUR : r() * DAY);
  })
    .filter((t) => t < end - 6 * HOUR)
    .sort((a, b) => a - b);
  // The newest few, one left at each state (those past resolution filed early enough to get there).
  const recent = LEFT_AT.map((state, i) => ({
    at: end - (state === 'resolved' || state === 'reopened' ? 5 : 2) * DAY + i * HOUR,
    state,
  }));
  const quickest = [...items].sort((a, b) => a.time_limit_hours - b.time_limit_hours)[0]!;

  const cases: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const supervisions: Record<string, unknown>[] = [];
  const evaluations: Record<string, unknown>[] = [];
  const seqOfDay = new Map<string, number>();

  const all: { at: number; state?: CaseState }[] = [...times.map((at) => ({ at })), ...recent];
  for (const { at: filedAt, state: leftAt } of all) {
    const grid = leftAt && demoGrid ? demoGrid : pickGrid();
    const community = byId.get(grid.parent_id!)!;
    const street = byId.get(community.parent_id!)!;
    const item = leftAt ? quickest : pick(items);
    const source = weighted(SOURCES);
    const caseId = demoId(filedAt, r);
    const scope = {
      district_id: grid.district_id,
      street_id: grid.street_id,
      community_id: grid.community_id,
      grid_id: grid.grid_id,
      group_id: grid.group_id,
    };
    const worker = workerOf(grid);
    const reporter = source === 'open311' ? null : worker;
    const numberDay = calendar.dateOf(new Date(filedAt));
    const seq = (seqOfDay.get(numberDay) ?? 0) + 1;
    seqOfDay.set(numberDay, seq);

    let state = 'collected' as CaseState;
    let now = filedAt;
    const stop = () => now > end || state === leftAt;
    const event = (t: number, action: string, to: CaseState, actor: string | null, details: object = {}, note = '') => {
      events.push({
        tenant_id: tx.tenantId,
        id: demoId(t, r),
        created_at: iso(t),
        updated_at: iso(t),
        ...scope,
        case_id: caseId,
        action,
        from_state: action === 'collect' ? null : state,
        to_state: to,
        actor_id: actor,
        occurred_at: iso(t),
        note,
        details: JSON.stringify(details),
      });
      state = to;
      now = t;
    };
    const c = {
      handling: grid,
      escalations: 0,
      handlerUnitId: null as string | null,
      handlerPartnerId: null as string | null,
      handlerUserId: null as string | null,
      dispatchedBy: null as string | null,
      firstDispatchedAt: null as number | null,
      dispatchedAt: null as number | null,
      respondBy: null as number | null,
      acceptedAt: null as number | null,
      respondedInTime: null as boolean | null,
      deadlineAt: null as number | null,
      resolvedAt: null as number | null,
      resolvedBy: null as string | null,
      closedAt: null as number | null,
      closedBy: null as string | null,
      overdueAt: null as number | null,
      reopens: 0,
      satisfaction: null as string | null,
      satisfactionAt: null as number | null,
      reportedAt: null as number | null,
    };

    event(filedAt, 'collect', 'collected', reporter, { source, itemCode: item.code });
    const draft = leftAt === 'collected' || (!leftAt && chance(0.01));
    if (!draft) {
      event(filedAt, 'report', 'reported', reporter);
      c.reportedAt = filedAt;
    }
    const ladder = [grid, community, street, district];
    const departmentItem = item.handler_type === 'department';
    const escalateTo =
      leftAt === 'escalated'
        ? 1
        : leftAt
          ? 0
          : weighted([
              [0, 75],
              [1, 20],
              [2, 5],
            ] as const);

    /** One dispatch and what follows it, until the case closes, leaves the handler, or time runs out. */
    const dispatchRound = () => {
      const t = now + int(5, 90) * MINUTE;
      if (t > end) return;
      const toDepartment = departmentItem || (c.handling.level < 4 && chance(0.6));
      const partner = toDepartment ? (chance(0.5) && cityMgmt ? cityMgmt : pick(departments)) : null;
      c.handlerPartnerId = partner ?? null;
      c.handlerUnitId = partner ? null : c.handling.id;
      c.handlerUserId = partner
        ? partner === cityMgmt
          ? (users.dept1 ?? null)
          : null
        : c.handling.level === 4
          ? worker
          : null;
      c.dispatchedBy = staffAt(c.handling);
      c.firstDispatchedAt ??= t;
      c.dispatchedAt = t;
      c.respondBy = t + 2 * HOUR;
      c.deadlineAt = t + item.time_limit_hours * HOUR;
      c.overdueAt = null;
      c.acceptedAt = null;
      c.respondedInTime = null;
      event(t, 'dispatch', 'dispatched', c.dispatchedBy, {
        handlerUnitId: c.handlerUnitId,
        handlerPartnerId: c.handlerPartnerId,
        handlerUserId: c.handlerUserId,
        itemCode: item.code,
        deadline: iso(c.deadlineAt),
      });
      if (stop()) return;
      const handler = c.handlerUserId ?? staffAt(c.handling);
      if (leftAt === 'returned' || (!leftAt && chance(0.03))) {
        event(now + int(20, 180) * MINUTE, 'return', 'returned', handler, {}, '不属于本单位职责');
        return;
      }
      const acceptAt = now + Math.max(1, around(25, 1.1)) * MINUTE;
      if (acceptAt > end) return;
      c.acceptedAt = acceptAt;
      c.respondedInTime ??= acceptAt <= c.respondBy;
      c.handlerUserId ??= handler;
      event(acceptAt, 'accept', 'handling', handler, { respondedInTime: c.respondedInTime });
      if (stop()) return;
      for (let attempt = 0; attempt < 3; attempt++) {
        // Most finish well within the limit; the tail runs over, and the timer flags it (督办).
        const resolveAt = now + around(item.time_limit_hours * 0.3, 0.85) * HOUR;
        if (c.overdueAt === null && c.deadlineAt < Math.min(resolveAt, end)) {
          c.overdueAt = c.deadlineAt;
          events.push({
            tenant_id: tx.tenantId,
            id: demoId(c.deadlineAt, r),
            created_at: iso(c.deadlineAt),
            updated_at: iso(c.deadlineAt),
            ...scope,
            case_id: caseId,
            action: 'overdue',
            from_state: state,
            to_state: state,
            actor_id: null,
            occurred_at: iso(c.deadlineAt),
            note: '',
            details: JSON.stringify({ deadline: iso(c.deadlineAt) }),
          });
          supervisions.push({
            tenant_id: tx.tenantId,
            id: demoId(c.deadlineAt, r),
            created_at: iso(c.deadlineAt),
            updated_at: iso(c.deadlineAt),
            ...scope,
            case_id: caseId,
            reason: 'overdue',
            opened_at: iso(c.deadlineAt),
            opened_by: null,
            handler_unit_id: c.handlerUnitId,
            handler_partner_id: c.handlerPartnerId,
            note: '',
            closed_at: resolveAt <= end ? iso(resolveAt) : null,
          });
        } else if (chance(0.02)) {
          const t = now + (resolveAt - now) / 2;
          const s = demoId(t, r);
          supervisions.push({
            tenant_id: tx.tenantId,
            id: s,
            created_at: iso(t),
            updated_at: iso(t),
            ...scope,
            case_id: caseId,
            reason: 'manual',
            opened_at: iso(t),
            opened_by: staffAt(street),
            handler_unit_id: c.handlerUnitId,
            handler_partner_id: c.handlerPartnerId,
            note: '群众多次反映，请加快办理',
            closed_at: resolveAt <= end ? iso(resolveAt) : null,
          });
          event(t, 'supervise', state, staffAt(street), { supervisionId: s }, '群众多次反映，请加快办理');
        }
        if (resolveAt > end) return;
        c.resolvedAt = resolveAt;
        c.resolvedBy = handler;
        event(resolveAt, 'resolve', 'resolved', handler, { onTime: resolveAt <= c.deadlineAt }, '已现场处置完毕');
        if (stop()) return;
        const verifyAt = now + around(3, 0.8) * HOUR;
        if (verifyAt > end) return;
        const verifier = staffAt(c.handling.level === 4 ? community : c.handling);
        if (chance(0.05) && attempt < 2) {
          event(verifyAt, 'reject', 'handling', verifier, {}, '现场核查未整改到位');
          continue;
        }
        c.closedAt = verifyAt;
        c.closedBy = verifier;
        event(verifyAt, 'verify', 'closed', verifier);
        return;
      }
    };

    if (!draft && !stop()) {
      if (!leftAt && chance(0.015)) {
        event(now + int(30, 600) * MINUTE, 'cancel', 'cancelled', staffAt(community), {}, '重复上报');
      } else {
        for (let step = 1; step <= escalateTo && !stop(); step++) {
          const t = now + int(10, 240) * MINUTE;
          if (t > end) break;
          const from = c.handling;
          const to = ladder[step]!;
          event(t, 'escalate', 'escalated', staffAt(from), {
            fromUnitId: from.id,
            fromLevel: from.level,
            toUnitId: to.id,
            toLevel: to.level,
          });
          c.handling = to;
          c.escalations++;
        }
        if (leftAt === 'cancelled') {
          event(now + 30 * MINUTE, 'cancel', 'cancelled', staffAt(community), {}, '群众已自行处理');
        } else if (!stop()) {
          dispatchRound();
          // A returned case goes out again after a while (unless it is left returned).
          if (state === 'returned' && !stop()) {
            c.handling = community;
            dispatchRound();
          }
          if (state === 'closed') {
            const rateAt = now + int(60, 72 * 60) * MINUTE;
            if (chance(0.7) && rateAt <= end) {
              c.satisfaction = weighted([
                ['satisfied', 82],
                ['basically_satisfied', 13],
                ['dissatisfied', 5],
              ] as const);
              c.satisfactionAt = rateAt;
            }
            if (chance(0.4) && rateAt <= end) {
              evaluations.push({
                tenant_id: tx.tenantId,
                id: demoId(rateAt, r),
                created_at: iso(rateAt),
                updated_at: iso(rateAt),
                ...scope,
                subject_type: 'case',
                subject_id: caseId,
                ratee_unit_id: c.handlerUnitId,
                ratee_partner_id: c.handlerPartnerId,
                score: weighted([
                  [5, 60],
                  [4, 28],
                  [3, 9],
                  [2, 2],
                  [1, 1],
                ] as const),
                comment: '',
                evaluated_by: c.closedBy,
                evaluated_at: iso(rateAt),
              });
            }
            // 回访不满意 or the problem came back: reopened within the window, dispatched again.
            const reopenAt = now + int(2, 5) * DAY;
            if ((leftAt === 'reopened' || chance(0.01)) && reopenAt <= end) {
              const t = leftAt === 'reopened' ? now + 20 * MINUTE : reopenAt;
              c.closedAt = null;
              c.closedBy = null;
              c.reopens++;
              event(t, 'reopen', 'reopened', staffAt(community), {}, '问题反复出现');
              c.handlerUnitId = c.handlerPartnerId = c.handlerUserId = null;
              if (!stop()) dispatchRound();
            }
          }
        }
      }
    }

    const updatedAt = Math.max(now, c.satisfactionAt ?? 0);
    cases.push({
      tenant_id: tx.tenantId,
      id: caseId,
      created_at: iso(filedAt),
      updated_at: iso(Math.min(updatedAt, end)),
      ...scope,
      number: `${numberDay.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`,
      number_day: numberDay,
      number_seq: seq,
      source,
      item_id: item.id,
      description: `${grid.name}：${pick(DETAILS[item.category] ?? ['群众反映问题'])}`,
      address: `${community.name}${int(1, 40)}号楼${int(1, 6)}单元`,
      reporter_name:
        source === 'walk_in' || source === 'hotline_12345' ? `${pick(['李', '王', '张', '刘', '陈'])}女士` : '',
      reporter_phone: '',
      reported_by: reporter,
      unit_id: grid.id,
      state,
      handling_unit_id: c.handling.id,
      handling_level: c.handling.level,
      handler_unit_id: c.handlerUnitId,
      handler_partner_id: c.handlerPartnerId,
      handler_user_id: c.handlerUserId,
      dispatched_by: c.dispatchedBy,
      first_dispatched_at: iso(c.firstDispatchedAt),
      dispatched_at: iso(c.dispatchedAt),
      respond_by: iso(c.respondBy),
      accepted_at: iso(c.acceptedAt),
      responded_in_time: c.respondedInTime,
      deadline_at: iso(c.deadlineAt),
      resolved_at: iso(c.resolvedAt),
      resolved_by: c.resolvedBy,
      resolution: c.resolvedAt !== null ? '已现场处置完毕' : '',
      closed_at: iso(c.closedAt),
      closed_by: c.closedBy,
      overdue_at: iso(c.overdueAt),
      escalations: c.escalations,
      reopen_count: c.reopens,
      satisfaction: c.satisfaction,
      satisfaction_at: iso(c.satisfactionAt),
      needs_volunteers: false,
      reported_at: iso(c.reportedAt),
    });
  }

  await insertRows(tx, 'grid_cases', cases);
  await insertRows(tx, 'grid_case_events', events);
  await insertRows(tx, 'grid_supervisions', supervisions);
  await insertRows(tx, 'grid_evaluations', evaluations);
  if (demoGrid && users.worker1)
    await insertRows(tx, 'grid_patrols', patrols(ctx, calendar, demoGrid, users.worker1, int));
}

/** The demo grid worker's rounds: morning and afternoon on working days, a few missed. */
function patrols(
  ctx: DemoContext,
  calendar: DistrictCalendar,
  grid: Unit,
  workerId: string,
  int: (a: number, b: number) => number,
) {
  const rows: Record<string, unknown>[] = [];
  const places = ['3号楼东侧', '小区北门', '沿河步道', '农贸市场', '幼儿园门口', '地下车库'];
  const findings = ['', '', '', '楼道有杂物，已劝导清理', '路灯不亮，已上报'];
  for (let t = ctx.from.getTime(); t < ctx.to.getTime() - DAY; t += DAY) {
    const day = calendar.dateOf(new Date(t));
    if (!calendar.isWorkingDay(day)) continue;
    for (const half of ['am', 'pm'] as const) {
      if (ctx.random() < 0.08) continue;
      const at = calendar.startOfDay(day).getTime() + (half === 'am' ? 9 : 15) * HOUR + int(0, 90) * MINUTE;
      rows.push({
        tenant_id: ctx.tx.tenantId,
        id: demoId(at, ctx.random),
        created_at: iso(at),
        updated_at: iso(at),
        district_id: grid.district_id,
        street_id: grid.street_id,
        community_id: grid.community_id,
        grid_id: grid.grid_id,
        group_id: grid.group_id,
        worker_id: workerId,
        checked_in_at: iso(at),
        patrol_date: day,
        half,
        latitude: null,
        longitude: null,
        place: places[int(0, places.length - 1)],
        findings: findings[int(0, findings.length - 1)],
        case_ids: '{}',
      });
    }
  }
  return rows;
}
