import { v7 as uuidv7 } from 'uuid';
import { calendarOfRow, DISTRICT_CALENDAR_SQL } from '@tongxin/district';
import type { Database, Tx } from './db';
import { badRequest, HttpError, isUuid, notFound, objectBody } from './http';
import {
  canOn,
  CASE_DISPATCH,
  CASE_HANDLE,
  CASE_READ,
  CASE_REPORT,
  CASE_VERIFY,
  grantedUnits,
  scopeBranches,
  type Principal,
  type Scope,
} from './principal';
import {
  CASE_ITEMS,
  CASE_NUMBER_LOCK,
  CASE_NUMBER_SEQ,
  GRID_ITEM_BY_ID,
  INSERT_AUDIT,
  INSERT_CASE,
  INSERT_CASE_EVENT,
  INSERT_OUTBOX,
  SELECT_CASES,
  UNIT_BY_ID,
  UNITS_BY_IDS,
  NAMES,
} from './sql';

/** An org unit as PluginTx.hierarchy reads it. */
interface Unit extends Scope {
  id: string;
  parentId: string | null;
  level: number;
  code: string;
  name: string;
}

/** The grid plugin's GridCase, as far as the views read it. */
interface GridCase extends Scope {
  id: string;
  number: string;
  source: string;
  state: string;
  itemId: string;
  description: string;
  address: string;
  latitude: number | null;
  longitude: number | null;
  reporterName: string;
  reporterPhone: string;
  reportedBy: string | null;
  unitId: string;
  handlingUnitId: string;
  handlingLevel: number;
  // Left undefined on a case just inserted, as on the product's entity: its view then omits
  // `satisfaction` and shows null for the rest.
  handlerUnitId?: string | null;
  handlerPartnerId?: string | null;
  handlerUserId?: string | null;
  dispatchedAt?: Date | null;
  respondBy?: Date | null;
  acceptedAt?: Date | null;
  deadlineAt?: Date | null;
  resolvedAt?: Date | null;
  resolvedBy?: string | null;
  closedAt?: Date | null;
  overdueAt?: Date | null;
  satisfaction?: string | null;
  /** Left undefined on a case just inserted; the view shows null. */
  referralStatus?: string | null;
  resolution: string;
  escalations: number;
  reopenCount: number;
  needsVolunteers: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const GRID_LEVEL = 4;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * PluginTx.hierarchy.unit. The product remembers each unit for the rest of its transaction, so
 * the baseline reads each one once and passes it on: the filing unit and, for a party group, its
 * grid (the scoped inserts and allowedActions ask the product's cache for them again).
 */
async function unit(tx: Tx, id: string): Promise<Unit | null> {
  if (!isUuid(id)) return null;
  return (await tx.query<Unit>(UNIT_BY_ID, [id]))[0] ?? null;
}

const scopeOf = (u: Scope): Scope => ({
  districtId: u.districtId,
  streetId: u.streetId,
  communityId: u.communityId,
  gridId: u.gridId,
  groupId: u.groupId,
});

type Actor = 'reporter' | 'dispatcher' | 'handler' | 'verifier';

/** case-workflow.ts CASE_TRANSITIONS: each action, the states it leaves, who fires it; in the table's order. */
const AWAITING_DISPATCH = ['reported', 'escalated', 'returned', 'reopened'];
const TRANSITIONS: [string, string[], Actor][] = [
  ['report', ['collected'], 'reporter'],
  ['dispatch', AWAITING_DISPATCH, 'dispatcher'],
  ['accept', ['dispatched'], 'handler'],
  ['return', ['dispatched', 'handling'], 'handler'],
  ['resolve', ['handling'], 'handler'],
  ['verify', ['resolved'], 'verifier'],
  ['reject', ['resolved'], 'verifier'],
  ['escalate', AWAITING_DISPATCH, 'dispatcher'],
  ['cancel', ['collected', ...AWAITING_DISPATCH, 'dispatched'], 'dispatcher'],
  ['reopen', ['closed'], 'verifier'],
];

/**
 * allowedActions (case-access.ts): the transitions the state allows that the caller fills the
 * role of, less verifying one's own work (采办分离) and escalating from the district. `unitOf`
 * answers the units the product has in its transaction's cache by then (no reads here): callerOf
 * takes the home unit and partner body from the principal.
 */
function allowedActions(principal: Principal, c: GridCase, unitOf: (id: string) => Unit | null): string[] {
  const { grants, userId } = principal;
  const on = (permission: string, unitId: string | null | undefined) => {
    const u = unitId ? unitOf(unitId) : null;
    return u !== null && canOn(grants, permission, u);
  };
  const isHandler = () => {
    if (c.handlerUserId) return c.handlerUserId === userId;
    if (
      c.handlerPartnerId &&
      grantedUnits(grants, CASE_HANDLE).length > 0 &&
      c.handlerPartnerId === principal.partnerBodyId
    )
      return true;
    return on(CASE_HANDLE, c.handlerUnitId);
  };
  const fills: Record<Actor, () => boolean> = {
    reporter: () => canOn(grants, CASE_REPORT, c),
    dispatcher: () => on(CASE_DISPATCH, c.handlingUnitId),
    handler: isHandler,
    verifier: () => on(CASE_VERIFY, c.handlingUnitId),
  };
  const handledBy = c.handlerUserId === userId || c.resolvedBy === userId;
  const allowed: string[] = [];
  for (const [action, from, actor] of TRANSITIONS) {
    if (!from.includes(c.state)) continue;
    const may = (action === 'cancel' && c.state === 'collected' && c.reportedBy === userId) || fills[actor]();
    if (!may) continue;
    if (actor === 'verifier' && handledBy) continue;
    if (action === 'escalate' && c.handlingLevel <= 1) continue;
    allowed.push(action);
  }
  return allowed;
}

interface Names {
  items: Map<string, { code: string; name: string }>;
  handlers: Map<string, string>;
  people: Map<string, string>;
}

/**
 * case-views.ts `namesFor`: item codes and names in one query; none for an empty page; then the
 * names of the handling units, departments and people in one (PluginTx.names), if any case has one.
 */
async function namesFor(tx: Tx, cases: GridCase[]): Promise<Names> {
  const items = new Map<string, { code: string; name: string }>();
  const handlers = new Map<string, string>();
  const people = new Map<string, string>();
  if (!cases.length) return { items, handlers, people };
  const itemIds = [...new Set(cases.map((c) => c.itemId))];
  for (const r of await tx.query<{ id: string; code: string; name: string }>(CASE_ITEMS, [itemIds]))
    items.set(r.id, { code: r.code, name: r.name });
  const ids = (list: (string | null | undefined)[]) => [...new Set(list.filter((id): id is string => !!id))];
  const unitIds = ids(cases.map((c) => c.handlerUnitId));
  const partnerIds = ids(cases.map((c) => c.handlerPartnerId));
  const userIds = ids(cases.map((c) => c.handlerUserId));
  if (unitIds.length || partnerIds.length || userIds.length)
    for (const r of await tx.query<{ kind: string; id: string; name: string }>(NAMES, [unitIds, partnerIds, userIds]))
      (r.kind === 'users' ? people : handlers).set(r.id, r.name);
  return { items, handlers, people };
}

/** case-views.ts `summary`, field for field and in the same order. */
function summary(c: GridCase, names: Names, allowed: string[]) {
  const item = names.items.get(c.itemId);
  const handlerId = c.handlerUnitId ?? c.handlerPartnerId;
  return {
    id: c.id,
    number: c.number,
    source: c.source,
    state: c.state,
    itemId: c.itemId,
    itemCode: item?.code ?? '',
    itemName: item?.name ?? '',
    description: c.description,
    address: c.address,
    latitude: c.latitude,
    longitude: c.longitude,
    unitId: c.unitId,
    handlingUnitId: c.handlingUnitId,
    handlingLevel: c.handlingLevel,
    handler: handlerId
      ? {
          unitId: c.handlerUnitId,
          partnerId: c.handlerPartnerId,
          userId: c.handlerUserId,
          name:
            (c.handlerUserId ? names.people.get(c.handlerUserId) : undefined) ?? names.handlers.get(handlerId) ?? '',
          orgName: names.handlers.get(handlerId) ?? '',
        }
      : null,
    dispatchedAt: iso(c.dispatchedAt),
    respondBy: iso(c.respondBy),
    acceptedAt: iso(c.acceptedAt),
    deadlineAt: iso(c.deadlineAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    overdueAt: iso(c.overdueAt),
    escalations: c.escalations,
    reopenCount: c.reopenCount,
    satisfaction: c.satisfaction,
    needsVolunteers: c.needsVolunteers,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    referralStatus: c.referralStatus ?? null,
    allowedActions: allowed,
  };
}

interface CreateBody {
  source: string;
  itemId: string;
  unitId: string;
  description: string;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
  needsVolunteers?: boolean;
  draft?: boolean;
}

const SOURCES = ['walk_in', 'patrol', 'hotline_12345', 'online', 'upper_dispatch'];
const str = (v: unknown, max: number) => typeof v === 'string' && v.length <= max;

/**
 * CreateCaseDto's checks, by hand. `latitude`/`longitude` are refused: placing a point in a
 * grid's drawn boundary (assertInsideGrid) is not part of the baseline.
 */
function createBody(body: unknown): CreateBody {
  const b = objectBody(body);
  const optional: Record<string, (v: unknown) => boolean> = {
    address: (v) => str(v, 200),
    reporterName: (v) => str(v, 100),
    reporterPhone: (v) => str(v, 32),
    needsVolunteers: (v) => typeof v === 'boolean',
    draft: (v) => typeof v === 'boolean',
  };
  const required = ['source', 'itemId', 'unitId', 'description'];
  const ok =
    Object.keys(b).every((k) => required.includes(k) || k in optional) &&
    Object.entries(optional).every(([k, check]) => b[k] === undefined || check(b[k])) &&
    SOURCES.includes(b.source as string) &&
    isUuid(b.itemId) &&
    isUuid(b.unitId) &&
    str(b.description, 4000) &&
    b.description !== '';
  if (!ok) throw badRequest();
  return b as unknown as CreateBody;
}

/** recordEvent (intake.ts): the row takes the scope of the case's unit (the case's own). */
async function recordEvent(
  tx: Tx,
  principal: Principal,
  now: Date,
  c: GridCase,
  action: string,
  fromState: string | null,
  toState: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  const scope = scopeOf(c);
  await tx.query(INSERT_CASE_EVENT, [
    principal.tenantId,
    uuidv7(),
    scope.districtId,
    scope.streetId,
    scope.communityId,
    scope.gridId,
    scope.groupId,
    c.id,
    action,
    fromState,
    toState,
    principal.userId,
    now,
    '',
    '',
    JSON.stringify(details),
  ]);
}

/**
 * `POST /api/v1/plugins/grid/cases`: CasesService.create (unitInScope, fileableItem, fileCase,
 * the audit row, then the view with callerOf and allowedActions), in one tenant transaction. The
 * view of a case just filed reads nothing: the item is at hand, there is no handler nor photo yet.
 */
export function createCase(db: Database, principal: Principal, body: unknown, requestId: string) {
  const dto = createBody(body);
  return db.run(principal.tenantId, async (tx) => {
    // PluginTx.now: the clock read once as the plugin's transaction begins.
    const now = new Date();
    const where = await unit(tx, dto.unitId);
    if (!where || !canOn(principal.grants, CASE_REPORT, where)) throw notFound('org_unit');
    const [item] = await tx.query<{
      GridItem_id: string;
      GridItem_code: string;
      GridItem_name: string;
      GridItem_active: boolean;
    }>(GRID_ITEM_BY_ID, [principal.tenantId, dto.itemId]);
    if (!item) throw new HttpError(400, 'GRID_ITEM_NOT_ON_LIST', { item: dto.itemId });
    if (!item.GridItem_active) throw new HttpError(400, 'GRID_ITEM_INACTIVE', { item: item.GridItem_name });

    // fileCase: a party group's case is handled by its grid.
    const handling = where.level > GRID_LEVEL ? (where.parentId ? await unit(tx, where.parentId) : null)! : where;
    // tx.clock.dateOf: the district's calendar, read once in the transaction.
    const numberDay = calendarOfRow((await tx.query<never>(DISTRICT_CALENDAR_SQL, [principal.tenantId]))[0]).dateOf(
      now,
    );
    await tx.query(CASE_NUMBER_LOCK, [`grid-case-number:${principal.tenantId}:${numberDay}`]);
    const [seqRow] = await tx.query<{ seq: number }>(CASE_NUMBER_SEQ, [numberDay]);
    const numberSeq = seqRow!.seq;
    const number = `${numberDay.replaceAll('-', '')}-${String(numberSeq).padStart(4, '0')}`;
    const state = dto.draft ? 'collected' : 'reported';
    const scope = scopeOf(where);
    // timeOrderedId(tx.now): the id and the creation time from the transaction's clock.
    const id = uuidv7({ msecs: now.getTime() });
    const values = {
      number,
      source: dto.source,
      itemId: dto.itemId,
      description: dto.description,
      latitude: null,
      longitude: null,
      reporterName: dto.reporterName ?? '',
      reporterPhone: dto.reporterPhone ?? '',
      reportedBy: principal.userId,
      unitId: where.id,
      state,
      handlingUnitId: handling.id,
      handlingLevel: handling.level,
    };
    const [returned] = await tx.query<{
      updated_at: Date;
      address: string;
      resolution: string;
      escalations: number;
      reopen_count: number;
      needs_volunteers: boolean;
    }>(INSERT_CASE, [
      principal.tenantId,
      id,
      now,
      scope.districtId,
      scope.streetId,
      scope.communityId,
      scope.gridId,
      scope.groupId,
      number,
      numberDay,
      numberSeq,
      values.source,
      values.itemId,
      values.description,
      '[]',
      dto.address ?? '',
      null,
      null,
      values.reporterName,
      values.reporterPhone,
      values.reportedBy,
      values.unitId,
      state,
      values.handlingUnitId,
      values.handlingLevel,
      dto.needsVolunteers ?? false,
      state === 'collected' ? null : now,
    ]);
    const c: GridCase = {
      id,
      ...scope,
      ...values,
      address: returned!.address,
      resolution: returned!.resolution,
      escalations: returned!.escalations,
      reopenCount: returned!.reopen_count,
      needsVolunteers: returned!.needs_volunteers,
      createdAt: now,
      updatedAt: returned!.updated_at,
    };
    await recordEvent(tx, principal, now, c, 'collect', null, 'collected', {
      source: c.source,
      itemCode: item.GridItem_code,
    });
    if (!dto.draft) {
      // announceReported: the `report` line and the `grid.case-reported` event in the outbox.
      await recordEvent(tx, principal, now, c, 'report', 'collected', 'reported');
      const payload = {
        caseId: c.id,
        number: c.number,
        unitId: c.unitId,
        itemCode: item.GridItem_code,
        source: c.source,
        description: c.description,
        address: c.address,
        needsVolunteers: c.needsVolunteers,
      };
      await tx.query(INSERT_OUTBOX, [
        principal.tenantId,
        uuidv7(),
        'event',
        'grid',
        'grid.case-reported',
        1,
        JSON.stringify(payload),
        null,
        principal.userId,
        null,
      ]);
    }
    await tx.query(INSERT_AUDIT, [
      principal.tenantId,
      uuidv7(),
      principal.userId,
      'user',
      'grid.case.create',
      'grid.grid_case',
      c.id,
      null,
      JSON.stringify({ number: c.number, state: c.state, unitId: where.id }),
      requestId,
      // Plugins' audit events carry no source address (PluginTx.audit passes none).
      null,
    ]);
    const items = new Map([[c.itemId, { code: item.GridItem_code, name: item.GridItem_name }]]);
    const allowed = allowedActions(principal, c, (unitId) => (unitId === handling.id ? handling : null));
    return {
      ...summary(c, { items, handlers: new Map(), people: new Map() }, allowed),
      reporterName: c.reporterName,
      reporterPhone: c.reporterPhone,
      resolution: c.resolution,
      photos: [],
      attributes: [],
      // A case just filed has no referral: the product reads none.
      referral: null,
    };
  });
}

interface CaseRowSql {
  c_id: string;
  c_district_id: string;
  c_street_id: string | null;
  c_community_id: string | null;
  c_grid_id: string | null;
  c_group_id: string | null;
  c_number: string;
  c_source: string;
  c_item_id: string;
  c_description: string;
  c_address: string;
  c_latitude: string | null;
  c_longitude: string | null;
  c_reporter_name: string;
  c_reporter_phone: string;
  c_reported_by: string | null;
  c_unit_id: string;
  c_state: string;
  c_handling_unit_id: string;
  c_handling_level: number;
  c_handler_unit_id: string | null;
  c_handler_partner_id: string | null;
  c_handler_user_id: string | null;
  c_dispatched_at: Date | null;
  c_respond_by: Date | null;
  c_accepted_at: Date | null;
  c_deadline_at: Date | null;
  c_resolved_at: Date | null;
  c_resolved_by: string | null;
  c_resolution: string;
  c_closed_at: Date | null;
  c_overdue_at: Date | null;
  c_escalations: number;
  c_reopen_count: number;
  c_satisfaction: string | null;
  c_referral_status: string | null;
  c_needs_volunteers: boolean;
  c_created_at: Date;
  c_updated_at: Date;
}

// numericColumn (the SDK's transformer): PostgreSQL numeric comes back as text.
const numeric = (v: string | null) => (v === null ? null : Number(v));

function fromRow(r: CaseRowSql): GridCase {
  return {
    id: r.c_id,
    districtId: r.c_district_id,
    streetId: r.c_street_id,
    communityId: r.c_community_id,
    gridId: r.c_grid_id,
    groupId: r.c_group_id,
    number: r.c_number,
    source: r.c_source,
    state: r.c_state,
    itemId: r.c_item_id,
    description: r.c_description,
    address: r.c_address,
    latitude: numeric(r.c_latitude),
    longitude: numeric(r.c_longitude),
    reporterName: r.c_reporter_name,
    reporterPhone: r.c_reporter_phone,
    reportedBy: r.c_reported_by,
    unitId: r.c_unit_id,
    handlingUnitId: r.c_handling_unit_id,
    handlingLevel: r.c_handling_level,
    handlerUnitId: r.c_handler_unit_id,
    handlerPartnerId: r.c_handler_partner_id,
    handlerUserId: r.c_handler_user_id,
    dispatchedAt: r.c_dispatched_at,
    respondBy: r.c_respond_by,
    acceptedAt: r.c_accepted_at,
    deadlineAt: r.c_deadline_at,
    resolvedAt: r.c_resolved_at,
    resolvedBy: r.c_resolved_by,
    closedAt: r.c_closed_at,
    overdueAt: r.c_overdue_at,
    satisfaction: r.c_satisfaction,
    referralStatus: r.c_referral_status,
    resolution: r.c_resolution,
    escalations: r.c_escalations,
    reopenCount: r.c_reopen_count,
    needsVolunteers: r.c_needs_volunteers,
    createdAt: r.c_created_at,
    updatedAt: r.c_updated_at,
  };
}

const MAX_PAGE_SIZE = 200;
const DEFAULT_PAGE_SIZE = 50;

/** PageQueryDto: `limit` (1–200) and `cursor`, nothing else (the other list filters are not mirrored). */
function pageQuery(query: URLSearchParams): { limit: number; cursor?: string } {
  const keys = [...query.keys()];
  if (keys.some((k) => k !== 'limit' && k !== 'cursor') || new Set(keys).size !== keys.length) throw badRequest();
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? DEFAULT_PAGE_SIZE : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw badRequest();
  const cursor = query.get('cursor') ?? undefined;
  if (cursor !== undefined && cursor.length > 200) throw badRequest();
  return { limit, cursor };
}

/** libs/http/src/pagination.ts `decodeCursor`. */
function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw badRequest('INVALID_CURSOR');
  return id;
}

/**
 * `GET /api/v1/plugins/grid/cases`: CasesService.list with only `limit`/`cursor`: callerOf (no
 * reads: the principal has the caller's partner body), then the SDK's cursorPageOfAny over visibleBranches (one branch per unit of the caller's `case.read`
 * scope, one for "dispatched to me", one for "dispatched to my department"): each branch reads a
 * page of ids newest first, the union picks the page, then the page's names. The SQL is written the
 * way TypeORM prints the product's query builders (a parameter used twice keeps its number).
 */
export function listCases(db: Database, principal: Principal, query: URLSearchParams) {
  const page = pageQuery(query);
  return db.run(principal.tenantId, async (tx) => {
    const branches = scopeBranches(principal.grants, CASE_READ).map((b) => [`"c"."${b.column}"`, b.unitId] as const);
    branches.push(['"c"."handler_user_id"', principal.userId]);
    // callerOf: a department's staff (`case.handle` anywhere) also see what is dispatched to it.
    if (principal.partnerBodyId && grantedUnits(principal.grants, CASE_HANDLE).length > 0)
      branches.push(['"c"."handler_partner_id"', principal.partnerBodyId]);
    if (branches.length === 0) return { items: [], nextCursor: null };
    const after = decodeCursor(page.cursor);
    const params: unknown[] = [];
    let afterParam: string | undefined;
    const pages = branches.map(([column, value]) => {
      let where = 'true';
      if (after) where += ` AND "c"."id" < ${(afterParam ??= `$${params.push(after)}`)}`;
      where += ` AND ${column} = $${params.push(value)}`;
      return `(SELECT "c"."id" AS "c_id" FROM "grid_cases" "c" WHERE ${where} ORDER BY "c_id" DESC LIMIT ${page.limit + 1})`;
    });
    const sql = `${SELECT_CASES} WHERE "c"."id" IN (${pages.join(' UNION ALL ')}) ORDER BY "c"."id" DESC LIMIT ${page.limit + 1}`;
    const rows = (await tx.query<CaseRowSql>(sql, params)).map(fromRow);
    const hasMore = rows.length > page.limit;
    const items = hasMore ? rows.slice(0, page.limit) : rows;
    const last = items[items.length - 1];
    const names = await namesFor(tx, items);
    // caseSummaries: the page's handling units and units dispatched to, in one query
    // (PluginTx.hierarchy.units), before allowedActions asks about them.
    const units = new Map<string, Unit>();
    if (items.length) {
      const ids = [
        ...new Set(items.flatMap((c) => (c.handlerUnitId ? [c.handlingUnitId, c.handlerUnitId] : [c.handlingUnitId]))),
      ];
      for (const u of await tx.query<Unit>(UNITS_BY_IDS, [ids])) units.set(u.id, u);
    }
    return {
      items: items.map((c) =>
        summary(
          c,
          names,
          allowedActions(principal, c, (id) => units.get(id) ?? null),
        ),
      ),
      nextCursor: hasMore && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
    };
  });
}
