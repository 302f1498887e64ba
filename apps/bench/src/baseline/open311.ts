import { calendarOfRow, DISTRICT_CALENDAR_SQL, type WorkingCalendar } from '@tongxin/district';
import type { Database, Tx } from './db';
import { HttpError, type Language } from './http';
import { GRID } from './principal';
import { PUBLIC_TENANT } from './sql';

/*
 * Open311 GeoReport v2 `GET requests.json` for the tenant in the path: the access guard's
 * anonymous() (PublicContextLoader), then GeoReportService.requests and its view
 * (plugins/grid/src/open311/georeport.service.ts, georeport-input.ts), copied because the plugin
 * cannot be imported without NestJS. Only the JSON format; refusals in the spec's format.
 */

type Fields = Record<string, string | string[]>;

const MAX_SPAN_DAYS = 90;
const MAX_RESULTS = 1000;
const DAY_MS = 86_400_000;
const SLACK_MS = 3600_000;
const FINAL = ['closed', 'cancelled'];
/** case-workflow.ts CASE_ACTIONS: the history lines that are transitions. */
const CASE_ACTIONS = [
  'report',
  'dispatch',
  'accept',
  'return',
  'resolve',
  'verify',
  'reject',
  'escalate',
  'cancel',
  'reopen',
];
/** public-status.ts: what Open311 says of a state without a public reply. */
const STATUS_TEXT: Record<string, Record<Language, string>> = {
  collected: { 'zh-CN': '已收到', en: 'Received' },
  reported: { 'zh-CN': '已受理，等待分派承办单位', en: 'Received; waiting to be assigned' },
  escalated: { 'zh-CN': '已提交上级，等待分派承办单位', en: 'Passed up a level; waiting to be assigned' },
  returned: { 'zh-CN': '正在重新分派承办单位', en: 'Being reassigned' },
  reopened: { 'zh-CN': '已重新办理，等待分派承办单位', en: 'Reopened; waiting to be assigned' },
  dispatched: { 'zh-CN': '已派单，等待承办单位签收', en: 'Assigned; waiting for the handler to accept' },
  handling: { 'zh-CN': '承办单位正在处理', en: 'Being dealt with' },
  resolved: { 'zh-CN': '已处置，正在核实', en: 'Dealt with; being checked' },
  closed: { 'zh-CN': '已办结', en: 'Closed: dealt with' },
  cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
};

/** A refusal GeoReport clients understand: `[{ code, description }]` with our code in X-Error-Code. */
export class GeoReportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/** georeport-input.ts `text`: trimmed, the last of a repeated key, undefined when blank. */
function text(fields: Fields, name: string, max: number): string | undefined {
  let value: unknown = fields[name];
  if (Array.isArray(value)) value = value[value.length - 1];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim().length > max)
    throw new GeoReportError(400, 'GRID_OPEN311_FIELD_INVALID');
  return value.trim() || undefined;
}

/** georeport-input.ts `list`: comma lists, also as repeated keys. */
function list(fields: Fields, name: string, max = 4000): string[] {
  const raw = fields[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .flatMap((v) => text({ v }, 'v', max)?.split(',') ?? [])
    .map((v) => v.trim())
    .filter(Boolean);
}

const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** georeport-input.ts `dateTime`: without an offset, the district's wall-clock time. */
function dateTime(fields: Fields, name: string, calendar: WorkingCalendar): Date | undefined {
  const value = text(fields, name, 40);
  if (value === undefined) return undefined;
  if (!W3C.test(value)) throw new GeoReportError(400, 'GRID_OPEN311_DATE_INVALID');
  let at: Date;
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) at = new Date(value);
  else {
    const day = value.slice(0, 10);
    const asUtc = Date.parse(`${value.includes('T') ? value : `${value}T00:00`}Z`);
    try {
      at = new Date(calendar.startOfDay(day).getTime() + (asUtc - Date.parse(`${day}T00:00:00Z`)));
    } catch {
      at = new Date(NaN);
    }
  }
  if (Number.isNaN(at.getTime())) throw new GeoReportError(400, 'GRID_OPEN311_DATE_INVALID');
  return at;
}

/** georeport-input.ts `window`: the last 90 days by default, never more than 90. */
function window(fields: Fields, now: Date, calendar: WorkingCalendar): { from: Date; to: Date } {
  const start = dateTime(fields, 'start_date', calendar);
  const end = dateTime(fields, 'end_date', calendar);
  const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_SPAN_DAYS * DAY_MS);
  if (from > to || to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS)
    throw new GeoReportError(400, 'GRID_OPEN311_DATE_RANGE');
  return { from, to };
}

function statuses(fields: Fields): ('open' | 'closed')[] {
  const given = list(fields, 'status');
  if (given.some((s) => s !== 'open' && s !== 'closed')) throw new GeoReportError(400, 'GRID_OPEN311_STATUS_INVALID');
  return [...new Set(given as ('open' | 'closed')[])];
}

type RequestFilter =
  { numbers: string[] } | { from: Date; to: Date; statuses: ('open' | 'closed')[]; serviceCodes: string[] };

// uuid v7 ids start with their millisecond timestamp: a time window is also a primary-key range.
const v7Bound = (at: number, fill: '0' | 'f') => {
  const hex = Math.max(0, at).toString(16).padStart(12, '0').slice(-12) + fill.repeat(20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

interface RequestRow {
  number: string;
  state: string;
  description: string;
  address: string;
  lat: number | null;
  long: number | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  deadlineAt: Date | null;
  itemCode: string;
  itemName: string;
  timeLimit: number;
  timeLimitUnit: string;
  agency: string;
  publicReply: string | null;
  mediaId: string | null;
  intake: { addressId?: string } | null;
}

/** GeoReportService.rows: the one query behind every read (text identical to the product's). */
function rows(tx: Tx, filter: RequestFilter): Promise<RequestRow[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [`c.source = 'open311'`];
  if ('numbers' in filter) where.push(`c.number = any(${p(filter.numbers)}::varchar[])`);
  else {
    where.push(
      `c.id >= ${p(v7Bound(filter.from.getTime() - SLACK_MS, '0'))}::uuid`,
      `c.id <= ${p(v7Bound(filter.to.getTime() + SLACK_MS, 'f'))}::uuid`,
      `c.created_at >= ${p(filter.from)}`,
      `c.created_at <= ${p(filter.to)}`,
    );
    if (filter.statuses.length === 1)
      where.push(`${filter.statuses[0] === 'closed' ? '' : 'not '}c.state = any(${p(FINAL)}::varchar[])`);
    if (filter.serviceCodes.length) where.push(`i.code = any(${p(filter.serviceCodes)}::varchar[])`);
  }
  const sql = `
      select c.number, c.state, c.description, c.address,
             c.latitude::float8 as lat, c.longitude::float8 as long,
             c.created_at as "createdAt", c.updated_at as "updatedAt", c.closed_at as "closedAt",
             c.deadline_at as "deadlineAt",
             i.code as "itemCode", i.name as "itemName", i.time_limit as "timeLimit",
             i.time_limit_unit as "timeLimitUnit",
             coalesce(u.name, p.name, '') as agency, r.public_reply as "publicReply", m.id as "mediaId",
             x.details as intake
        from grid_cases c
        join grid_items i on i.tenant_id = c.tenant_id and i.id = c.item_id
        left join sdk_units u on u.tenant_id = c.tenant_id and u.id = c.handler_unit_id
        left join sdk_partner_bodies p on p.tenant_id = c.tenant_id and p.id = c.handler_partner_id
        left join lateral (select e.public_reply from grid_case_events e
                            where e.tenant_id = c.tenant_id and e.case_id = c.id
                              and e.action = any(${p(CASE_ACTIONS)}::varchar[])
                            order by e.id desc limit 1) r on true
        left join lateral (select ph.id from grid_case_photos ph
                            where ph.tenant_id = c.tenant_id and ph.case_id = c.id and ph.published
                            order by ph.id limit 1) m on true
        left join lateral (select e.details from grid_case_events e
                            where e.tenant_id = c.tenant_id and e.case_id = c.id and e.action = 'open311'
                            limit 1) x on true
       where ${where.join(' and ')}
       order by c.id desc
       limit ${MAX_RESULTS}`;
  return tx.query<RequestRow>(sql, params);
}

const NOTICE: Record<Language, string> = {
  'zh-CN': '已受理，将按“{item}”的办理时限在派单后 {limit}内办结',
  en: 'Received: to be completed within {limit} of dispatch, the time limit for "{item}"',
};

const LIMIT_UNITS: Record<'hours' | 'working_days', Record<Language, string>> = {
  hours: { 'zh-CN': '{n} 小时', en: '{n} hours' },
  working_days: { 'zh-CN': '{n} 个工作日', en: '{n} working days' },
};

/** GeoReportService.view: a case as a service request (never the reporter's contact details). */
function view(lang: Language, tenantCode: string, r: RequestRow) {
  const closed = FINAL.includes(r.state);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    service_request_id: r.number,
    status: closed ? 'closed' : 'open',
    status_notes: r.publicReply || STATUS_TEXT[r.state]![lang],
    service_name: r.itemName,
    service_code: r.itemCode,
    description: r.description || null,
    agency_responsible: r.agency,
    service_notice: NOTICE[lang]
      .replace('{item}', r.itemName)
      .replace(
        '{limit}',
        LIMIT_UNITS[r.timeLimitUnit === 'working_days' ? 'working_days' : 'hours'][lang].replace(
          '{n}',
          String(r.timeLimit),
        ),
      ),
    requested_datetime: iso(r.createdAt)!,
    updated_datetime: iso(closed ? (r.closedAt ?? r.updatedAt) : r.updatedAt),
    expected_datetime: iso(r.deadlineAt),
    address: r.address || null,
    address_id: r.intake?.addressId ?? null,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.mediaId
      ? `${(process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '')}/api/v1/public/${tenantCode}/plugins/grid/open311/v2/media/${r.mediaId}`
      : null,
  };
}

/** The query string as Express's simple parser gives it: a repeated key is an array. */
function fieldsOf(query: URLSearchParams): Fields {
  const fields: Fields = {};
  for (const [key, value] of query) {
    const had = fields[key];
    fields[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return fields;
}

/**
 * `GET /api/v1/public/:tenant/plugins/grid/open311/v2/requests.:format`. The tenant lookup is its
 * own transaction (as in the product's guard), then one more for the search.
 */
export async function open311Requests(
  db: Database,
  tenantCode: string,
  format: string,
  query: URLSearchParams,
  lang: Language,
) {
  const tenant = await db.runByCode(tenantCode, async (tx, tenantId) => {
    const [row] = await tx.query<{ root_unit_id: string; enabled_plugins: string[] }>(PUBLIC_TENANT);
    return { tenantId, enabledPlugins: row!.enabled_plugins };
  });
  if (!tenant) throw new HttpError(404, 'TENANT_NOT_FOUND', { tenant: tenantCode });
  if (!tenant.enabledPlugins.includes(GRID)) throw new HttpError(404, 'PLUGIN_DISABLED', { plugin: GRID });
  // formatOf: checked before the transaction; XML is not part of the baseline.
  if (format !== 'json') throw new GeoReportError(404, 'GRID_OPEN311_FORMAT_UNKNOWN');
  const fields = fieldsOf(query);
  return db.run(tenant.tenantId, async (tx) => {
    const now = new Date();
    const given = text(fields, 'jurisdiction_id', 100);
    if (given !== undefined && given !== tenantCode) throw new GeoReportError(404, 'GRID_OPEN311_JURISDICTION_UNKNOWN');
    const numbers = list(fields, 'service_request_id');
    let filter: RequestFilter;
    if (numbers.length) {
      if (numbers.length > MAX_RESULTS) throw new GeoReportError(400, 'GRID_OPEN311_TOO_MANY_IDS');
      filter = { numbers };
    } else {
      // tx.clock.calendar(): read once in the transaction.
      const calendar = calendarOfRow((await tx.query<never>(DISTRICT_CALENDAR_SQL, [tenant.tenantId]))[0]);
      filter = {
        ...window(fields, now, calendar),
        statuses: statuses(fields),
        serviceCodes: list(fields, 'service_code'),
      };
    }
    return (await rows(tx, filter)).map((r) => view(lang, tenantCode, r));
  });
}
