import type { OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'supertest';
import { isUuid, messageFor } from '@tongxin/http';
import { buildOpenApi } from '../apps/api/src/create-app';
import { dualDistrict, pairUnit, registerMember, DUAL } from '../plugins/dual-report/test/support';
import {
  bearer,
  createStaff,
  createUnit,
  enablePlugin,
  operatorToken,
  provisionTenant,
  startTestApp,
  type TestApp,
} from './support/test-app';
import { APP_URL } from './support/test-database-urls';

/**
 * Every operation of the generated OpenAPI document, sent malformed input by callers of every kind
 * (the district's own admin, another district's admin, street staff outside the subtree, a grid
 * worker, nobody, a platform operator), and probed with ids the caller may not see. Asserts no
 * 5xx, the error envelope with a known code on every 4xx, and that an id of another tenant or
 * subtree answers exactly as a random id does. Seeded: the same requests on every run.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

interface Operation {
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: Parameter[];
  bodyTypes: string[];
  bodySchema?: Schema;
}

/** One request: where, what, and how it is sent. */
interface Probe {
  label: string;
  url: string;
  body?: string;
  contentType?: string;
  /** Input no route may accept, whoever sends it: answering 2xx to it is a finding. */
  mustRefuse?: boolean;
}

interface Caller {
  name: string;
  token?: string;
  /** A grid the caller may work in: probes with someone else's id in one place use it everywhere else. */
  ownGrid?: string;
}

/** mulberry32: a small seeded PRNG, so the sampled requests are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids that exist nowhere, from their own seeded sequence (shaped like the uuid v7 ids the API makes). */
const nextIdDigit = prng(7);
function unknownId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(nextIdDigit() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function sample<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const picked: T[] = [];
  while (picked.length < count && pool.length > 0) picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return picked;
}

/** `count` probes spread over their kinds (path, query, body, field, content-type), so each kind is tried. */
function stratified(probes: Probe[], count: number, random: () => number): Probe[] {
  const kinds = new Map<string, Probe[]>();
  for (const probe of probes) {
    const kind = probe.label.split(' ')[0]!;
    kinds.set(kind, [...(kinds.get(kind) ?? []), probe]);
  }
  const shuffled = [...kinds.values()].map((group) => sample(group, group.length, random));
  const picked: Probe[] = [];
  for (let round = 0; picked.length < count && shuffled.some((g) => g.length > round); round++)
    for (const group of shuffled) {
      const probe = group[round];
      if (probe && picked.length < count) picked.push(probe);
    }
  return picked;
}

/** The operations of the document, with their parameters and the body types they declare. */
function operationsOf(doc: OpenAPIObject): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, unknown>)[method] as
        { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } } | undefined;
      if (!op) continue;
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query'),
        bodyTypes: Object.keys(content),
        bodySchema: content['application/json']?.schema ?? Object.values(content)[0]?.schema,
      });
    }
  }
  return ops;
}

/** A body the schema would accept in shape (required fields only, examples where given). */
function plausible(schema: Schema | undefined, doc: OpenAPIObject, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return plausible((doc.components?.schemas as Record<string, Schema>)[name], doc, depth + 1);
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => plausible(s, doc, depth + 1) as object));
  if (schema.oneOf ?? schema.anyOf) return plausible((schema.oneOf ?? schema.anyOf)![0], doc, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  const type = schema.type ?? 'object';
  if (type === 'string') {
    if (schema.format === 'uuid') return unknownId();
    if (schema.format === 'date-time') return new Date().toISOString();
    if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
    return 'fuzz'.padEnd(schema.minLength ?? 4, 'z');
  }
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  if (type === 'array')
    return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => plausible(schema.items, doc, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of schema.required ?? []) out[key] = plausible(schema.properties?.[key], doc, depth + 1);
  return out;
}

/** The top-level body fields the schema declares as uuids: references to other rows. */
function uuidFields(schema: Schema | undefined, doc: OpenAPIObject, depth = 0): string[] {
  if (!schema || depth > 4) return [];
  if (schema.$ref)
    return uuidFields(
      (doc.components?.schemas as Record<string, Schema>)[schema.$ref.split('/').pop()!],
      doc,
      depth + 1,
    );
  if (schema.allOf) return schema.allOf.flatMap((s) => uuidFields(s, doc, depth + 1));
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.format === 'uuid')
    .map(([name]) => name);
}

/** Where a body field's ids are listed, by its name (`userId` → the users). */
function listOfField(field: string): string | undefined {
  if (field === 'userId') return '/api/v1/users';
  if (field === 'roleId') return '/api/v1/roles';
  if (field === 'itemId') return '/api/v1/plugins/grid/items';
  if (/^partner(Body)?Id$/.test(field)) return '/api/v1/partner-bodies';
  if (/(unit|community|parent|grid|street)Id$/i.test(field)) return '/api/v1/org-units';
  return undefined;
}

/** Malformed path segments, already percent-encoded as a client would send them. */
const BAD_SEGMENTS = [
  '%00',
  'abc%00def',
  'a'.repeat(3000),
  '%ED%A0%80',
  '-1',
  '9'.repeat(40),
  '__proto__',
  'constructor',
  "1'%20or%20'1'%3D'1",
  '%E0%A4%A',
  '00000000-0000-0000-0000-000000000000',
];

/** Malformed query values for a declared parameter `p`, as raw query strings. */
const badQueries = (p: string) => [
  `${p}=abc`,
  `${p}=-1`,
  `${p}=1e999`,
  `${p}=${'9'.repeat(40)}`,
  `${p}=%00`,
  `${p}=%ED%A0%80`,
  `${p}=${'x'.repeat(10000)}`,
  `${p}=1&${p}=2`,
  `${p}[__proto__]=1`,
  `${p}[]=x`,
  `unknown_${p}=1`,
];

/** Whole-body problems, as raw JSON text. */
const BAD_BODIES = [
  '{}',
  'null',
  '[]',
  '"a string"',
  '42',
  '{"a":',
  '{"__proto__":{"isAdmin":true}}',
  `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`,
  `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`,
];

/**
 * One field of a plausible body replaced by something it must not be, as raw JSON text. Most may
 * happen to fit a lenient field (a long note, a large number); a lone surrogate never may.
 */
const FIELD_CORRUPTIONS: { raw: (value: unknown) => string; mustRefuse?: boolean }[] = [
  { raw: () => 'null' },
  { raw: () => '"\\u0000"' },
  { raw: () => '"\\ud800"', mustRefuse: true },
  { raw: () => JSON.stringify('長'.repeat(100_000)) },
  { raw: () => '1e308' },
  { raw: () => '-1e308' },
  { raw: () => '1e400' },
  { raw: () => '9007199254740993' },
  { raw: () => '{}' },
  { raw: (v) => JSON.stringify([v]) },
  { raw: (v) => (typeof v === 'string' ? '12345' : '"12345"') },
  { raw: () => 'true' },
];

/**
 * Answers that differ from a random id's by design, each with the reason. Keys are
 * `<caller>: <METHOD> <path> <parameter>`.
 */
const DIFFER_BY_DESIGN: Record<string, string> = {
  // 双报到: an in-service member reports to any community of the district, so naming any unit is
  // theirs to do; a unit that is no community is refused as such.
  'party member reporting in B1: POST /api/v1/plugins/dual-report/registrations body.communityId':
    'members choose any community of their district',
  'party member reporting in B1: POST /api/v1/plugins/dual-report/registrations/transfer body.communityId':
    'members choose any community of their district',
};

/** Open311 GeoReport v2 routes: their own error format, raw bodies. */
const isOpen311 = (path: string) => path.includes('/open311/v2/');

/** The requests sent to an operation: its valid-looking shape, broken in one place each. */
function malformedProbes(op: Operation, base: (param: string) => string, body: unknown): Probe[] {
  const url = (params: Record<string, string> = {}, query = '') =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? base(name)) + (query ? `?${query}` : '');
  const json = op.bodyTypes.length === 0 || op.bodyTypes.includes('application/json');
  const probes: Probe[] = [];
  for (const param of op.pathParams)
    for (const segment of BAD_SEGMENTS)
      probes.push({
        label: `path ${param}=${segment.slice(0, 20)}`,
        url: url({ [param]: segment }),
        ...(op.bodyTypes.length ? { body: JSON.stringify(body ?? {}), contentType: 'application/json' } : {}),
      });
  for (const p of op.queryParams)
    for (const query of badQueries(p.name)) probes.push({ label: `query ${query.slice(0, 30)}`, url: url({}, query) });
  if (op.bodyTypes.length > 0 && json) {
    for (const raw of BAD_BODIES)
      probes.push({ label: `body ${raw.slice(0, 20)}`, url: url(), body: raw, contentType: 'application/json' });
    if (body && typeof body === 'object' && !Array.isArray(body))
      for (const [field, value] of Object.entries(body)) {
        const { [field]: _replaced, ...rest } = body as Record<string, unknown>;
        const others = JSON.stringify(rest).slice(1, -1);
        FIELD_CORRUPTIONS.forEach((corrupt, i) =>
          probes.push({
            label: `field ${field} #${i}`,
            url: url(),
            body: `{${others}${others ? ',' : ''}${JSON.stringify(field)}:${corrupt.raw(value)}}`,
            contentType: 'application/json',
            mustRefuse: corrupt.mustRefuse,
          }),
        );
      }
    const plausibleText = JSON.stringify(body ?? {}).slice(1, -1);
    for (const key of ['__proto__', 'constructor'])
      probes.push({
        label: `body with ${key}`,
        url: url(),
        body: `{${plausibleText}${plausibleText ? ',' : ''}"${key}":{"isAdmin":true}}`,
        contentType: 'application/json',
        mustRefuse: true,
      });
    // Routes reading raw bodies (Open311) ignore unknown fields, as the spec's clients expect.
    probes.push({
      label: 'body with an extra field',
      url: url(),
      body: JSON.stringify({ ...(body as object), isAdmin: true }),
      contentType: 'application/json',
      mustRefuse: !isOpen311(op.path),
    });
  }
  // A body of a type the route does not take (including routes that take none).
  for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'text/csv'])
    if (!op.bodyTypes.includes(contentType))
      probes.push({
        label: `content-type ${contentType}`,
        url: url(),
        body: 'name=x&a=1',
        contentType,
        mustRefuse: true,
      });
  return probes;
}

interface Seen {
  caller: string;
  op: string;
  label: string;
  status: number;
  code?: string;
  problem?: string;
}

/** What is wrong with an answer: a 5xx, or a 4xx without the error envelope and a known code. */
function problemOf(op: Operation, res: Response): string | undefined {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status < 400) return undefined;
  const body = res.body as unknown;
  // Open311 routes answer in the spec's format: [{ code, description }].
  if (isOpen311(op.path) && Array.isArray(body)) {
    const ok = body.every(
      (e: { code?: unknown; description?: unknown }) => e.code === res.status && typeof e.description === 'string',
    );
    return ok ? undefined : `GeoReport error shape ${JSON.stringify(body).slice(0, 120)}`;
  }
  if (isOpen311(op.path) && typeof res.text === 'string' && res.text.startsWith('<?xml')) return undefined;
  const envelope = body as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (envelope?.statusCode !== res.status) return `statusCode ${String(envelope?.statusCode)} on ${res.status}`;
  if (typeof envelope.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(envelope.code))
    return `code ${String(envelope.code)}`;
  if (messageFor(envelope.code, 'en') === envelope.code) return `unknown code ${envelope.code}`;
  if (typeof envelope.message !== 'string' || envelope.message.length === 0) return 'no message';
  return undefined;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  let ops: Operation[];
  const seen: Seen[] = [];
  /** Uuids of `id` fields each caller's list operations return. */
  const visible = new Map<string, Set<string>>();
  /** Ids the district's admin sees, by the list path they came from. */
  const idsByList = new Map<string, string[]>();
  let callers: Record<'admin' | 'otherAdmin' | 'outOfScope' | 'worker' | 'member' | 'anonymous' | 'operator', Caller>;
  let fixture: Record<string, string>;

  const send = (caller: Caller, method: Method, probe: Probe): Promise<Response> => {
    let req = t.http[method](probe.url);
    if (caller.token) req = req.set(bearer(caller.token));
    if (probe.body !== undefined)
      req = req.set('Content-Type', probe.contentType ?? 'application/json').send(probe.body);
    return req.then((r) => r);
  };

  /** The id each path parameter gets when it is not the one being broken. */
  const baseValue = (op: Operation) => (param: string) => {
    if (param === 'tenant') return fixture.tenantCode!;
    if (param === 'format') return 'json';
    if (param === 'queue') return 'tongxin-tasks';
    if (param === 'pluginId') return 'grid';
    if (param === 'key') return 'case-on-time-rate';
    if (param === 'service_code') return 'HP-09';
    if (param === 'date') return '2026-10-09';
    if (param === 'service_request_id' || param === 'token_id') return fixture.caseNumber!;
    if (op.path.startsWith('/api/v1/plugins/{id}')) return 'grid';
    if (op.path.startsWith('/api/v1/platform/jobs/')) return 'job-1';
    if (param === 'unitId') return fixture.gridA!;
    if (param === 'partnerId') return fixture.taxBureau!;
    if (op.path.startsWith('/api/v1/platform/tenants/')) return fixture.tenantId!;
    return idsFor(op, param)[0] ?? fixture.rootUnitId!;
  };

  /** The admin's ids from the list the parameter's path belongs to (`/cases/{id}` → `/cases`). */
  const idsFor = (op: Operation, param: string): string[] => {
    const prefix = op.path.slice(0, op.path.indexOf(`/{${param}}`));
    const concrete = prefix.replace(/\{(\w+)\}/g, (_, name: string) => baseValue(op)(name));
    return idsByList.get(concrete) ?? [];
  };

  /** Calls every list operation (no path parameter, or only ones we can fill) and keeps the ids. */
  async function harvest(caller: Caller, lists: Map<string, string[]> | undefined): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const op of ops) {
      if (op.method !== 'get' || isOpen311(op.path) || op.path.startsWith('/api/v1/platform')) continue;
      if (op.pathParams.some((p) => p !== 'unitId' && p !== 'id')) continue;
      const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'unitId' ? fixture.gridA! : '{}'));
      if (url.includes('{}')) continue;
      const query = op.queryParams.some((p) => p.name === 'limit') ? '?limit=200' : '';
      const res = await send(caller, 'get', { label: 'harvest', url: `${url}${query}` });
      if (res.status !== 200) continue;
      const found: string[] = [];
      const stack: unknown[] = [res.body];
      while (stack.length > 0) {
        const value = stack.pop();
        if (Array.isArray(value)) stack.push(...value);
        else if (value && typeof value === 'object')
          for (const [k, v] of Object.entries(value)) {
            if (k === 'id' && isUuid(v)) found.push(v);
            else if (typeof v === 'object') stack.push(v);
          }
      }
      found.forEach((id) => ids.add(id));
      lists?.set(url, found);
    }
    return ids;
  }

  beforeAll(async () => {
    // Queues in PostgreSQL, as on the zero-config start: BullMQ's backend then sends SQL of its own.
    t = await startTestApp({}, { queue: { kind: 'postgres', url: APP_URL } });
    doc = buildOpenApi(t.app, { publicUrl: 'http://localhost' });
    ops = operationsOf(doc);

    // District A: the small district with both practices on, staff at each level, some work in flight.
    const d = await dualDistrict(t, 'fuzz-a', { withGrid: true });
    const admin = d.admin.token;
    const workerB = await createStaff(t, d.tenant, 'fuzzWorkerB', 'grid_worker', d.gridB.id);
    const items = await t.http.get('/api/v1/plugins/grid/items').set(bearer(admin)).expect(200);
    const item = (items.body.items as { id: string; code: string }[]).find((i) => i.code === 'HP-09')!;
    const file = (token: string, unitId: string) =>
      t.http
        .post('/api/v1/plugins/grid/cases')
        .set(bearer(token))
        .send({ source: 'patrol', itemId: item.id, unitId, description: '楼道堆放杂物' })
        .expect(201);
    const caseA = await file(d.gridWorkerA.token, d.gridA.id);
    await file(workerB.token, d.gridB.id);
    await registerMember(t, d, d.memberA1, d.communityA.id);
    await registerMember(t, d, d.memberB1, d.communityB.id);
    await pairUnit(t, d, d.taxBureau, d.communityA.id);
    const day = 86_400_000;
    for (const unitId of [d.communityA.id, d.communityB.id])
      await t.http
        .post(`${DUAL}/calls`)
        .set(bearer(admin))
        .send({
          unitId,
          kind: 'activity',
          title: '社区活动',
          startsAt: new Date(Date.now() + 2 * day).toISOString(),
          endsAt: new Date(Date.now() + 2 * day + 3_600_000).toISOString(),
          capacity: 5,
        })
        .expect(201);
    await t.http.post('/api/v1/plugins/grid/open311/keys').set(bearer(admin)).send({ clientName: '12345' }).expect(201);
    await t.http
      .post('/api/v1/roles')
      .set(bearer(admin))
      .send({
        key: 'fuzz_reader',
        nameZh: '只读',
        nameEn: 'Reader',
        permissions: ['org.read'],
      });

    // District B: another tenant with the same practices, and its admin as the attacker.
    const other = await provisionTenant(t, 'fuzz-b');
    await enablePlugin(t, other, 'grid');
    await enablePlugin(t, other, 'dual-report');
    const otherStreet = await createUnit(t, other.adminToken, other.rootUnitId, `${other.code}-S`);
    const otherCommunity = await createUnit(t, other.adminToken, otherStreet.id, `${other.code}-S1`);
    const otherGrid = await createUnit(t, other.adminToken, otherCommunity.id, `${other.code}-S1-1`);

    fixture = {
      tenantId: d.tenant.id,
      tenantCode: d.tenant.code,
      rootUnitId: d.tenant.rootUnitId,
      gridA: d.gridA.id,
      taxBureau: d.taxBureau,
      caseNumber: caseA.body.number as string,
    };
    callers = {
      admin: { name: 'admin of A', token: admin },
      otherAdmin: { name: 'admin of B', token: other.adminToken, ownGrid: otherGrid.id },
      outOfScope: { name: 'street staff B', token: d.streetStaffB.token, ownGrid: d.gridB.id },
      worker: { name: 'grid worker A1-1', token: d.gridWorkerA.token, ownGrid: d.gridA.id },
      member: { name: 'party member reporting in B1', token: d.memberB1.token, ownGrid: d.gridB.id },
      anonymous: { name: 'anonymous' },
      operator: { name: 'operator', token: await operatorToken(t) },
    };
    visible.set('admin', await harvest(callers.admin, idsByList));
    for (const key of ['otherAdmin', 'outOfScope', 'worker', 'member'] as const)
      visible.set(key, await harvest(callers[key], undefined));
  }, 120_000);
  afterAll(() => t?.close());

  it('covers the whole document', () => {
    expect(ops.length).toBeGreaterThan(130);
    expect(visible.get('admin')!.size).toBeGreaterThan(40);
  });

  it('answers ids of another tenant or subtree exactly as it answers a random id, never 2xx', async () => {
    const random = prng(20261202);
    // Planned first (seeded), then each caller's requests run in order, the callers side by side.
    const plans = (['otherAdmin', 'outOfScope', 'worker', 'member'] as const).map((key) => {
      const caller = callers[key];
      const theirs = visible.get(key)!;
      const hidden = (ids: Iterable<string>) => [...ids].filter((id) => !theirs.has(id));
      const pairs: { op: Operation; param: string; control: Probe; real: Probe }[] = [];
      // Ids the admin of A sees and this caller does not: the ones of the right list first, then any.
      const candidates = (listed: string[]) =>
        new Set([...hidden(listed).slice(0, 1), ...sample(hidden(visible.get('admin')!), 1, random)]);
      for (const op of ops) {
        if (isOpen311(op.path) || op.path.startsWith('/api/v1/platform')) continue;
        const base = baseValue(op);
        const plain = op.bodyTypes.length
          ? ((plausible(op.bodySchema, doc) ?? {}) as Record<string, unknown>)
          : undefined;
        const own = (name: string) => (name === 'unitId' && caller.ownGrid ? caller.ownGrid : base(name));
        const url = (param?: string, value?: string) =>
          op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === param ? value! : own(name)));
        // An id in the path…
        for (const param of op.pathParams) {
          if (!isUuid(base(param))) continue;
          const probe = (value: string): Probe => ({
            label: `{${param}}`,
            url: url(param, value),
            ...(plain ? { body: JSON.stringify(plain) } : {}),
          });
          for (const id of candidates(idsFor(op, param)))
            pairs.push({ op, param: `{${param}}`, control: probe(unknownId()), real: probe(id) });
        }
        // …or in the body: a reference to another tenant's or subtree's row.
        for (const field of plain ? uuidFields(op.bodySchema, doc) : []) {
          const list = listOfField(field);
          const probe = (value: string): Probe => ({
            label: `body.${field}`,
            url: url(),
            body: JSON.stringify({ ...plain, [field]: value }),
          });
          for (const id of candidates(list ? (idsByList.get(list) ?? []) : []))
            pairs.push({ op, param: `body.${field}`, control: probe(unknownId()), real: probe(id) });
        }
      }
      return { caller, pairs };
    });
    const answer = (r: Response) => `${r.status} ${(r.body as { code?: string })?.code ?? ''}`;
    const leaks: { key: string; detail: string }[] = [];
    await Promise.all(
      plans.map(async ({ caller, pairs }) => {
        for (const { op, param, control, real } of pairs) {
          const [a, b] = [await send(caller, op.method, control), await send(caller, op.method, real)];
          const key = `${caller.name}: ${op.method.toUpperCase()} ${op.path} ${param}`;
          if ((b.status < 300 || answer(a) !== answer(b)) && !(key in DIFFER_BY_DESIGN))
            leaks.push({ key, detail: `hidden id → ${answer(b)}, random id → ${answer(a)}` });
        }
      }),
    );
    expect(plans.map((p) => p.pairs.length).reduce((a, b) => a + b)).toBeGreaterThan(250);
    expect(leaks).toEqual([]);
  });

  it('never answers 5xx, and answers every 4xx with the error envelope and a known code', async () => {
    const random = prng(12);
    // The district's admin and the operator get past the access checks into the services with
    // every malformed path segment; everyone gets a sample of the rest.
    const platform = ops.filter((o) => o.path.startsWith('/api/v1/platform'));
    const plan: { caller: Caller; count: number; ops: Operation[]; everyPath?: boolean }[] = [
      { caller: callers.admin, count: 6, ops, everyPath: true },
      { caller: callers.otherAdmin, count: 4, ops },
      { caller: callers.outOfScope, count: 4, ops },
      { caller: callers.worker, count: 4, ops },
      { caller: callers.member, count: 3, ops },
      { caller: callers.anonymous, count: 2, ops },
      { caller: callers.operator, count: 6, ops: platform, everyPath: true },
    ];
    const planned = plan.map(({ caller, count, ops: targets, everyPath }) => ({
      caller,
      requests: targets.flatMap((op) => {
        const probes = malformedProbes(op, baseValue(op), plausible(op.bodySchema, doc));
        const isPath = (p: Probe) => p.label.startsWith('path ');
        const chosen = everyPath
          ? [
              ...probes.filter(isPath),
              ...stratified(
                probes.filter((p) => !isPath(p)),
                count,
                random,
              ),
            ]
          : stratified(probes, count, random);
        return chosen.map((probe) => ({ op, probe }));
      }),
    }));
    await Promise.all(
      planned.map(async ({ caller, requests }) => {
        for (const { op, probe } of requests) {
          const res = await send(caller, op.method, probe);
          seen.push({
            caller: caller.name,
            op: `${op.method.toUpperCase()} ${op.path}`,
            label: probe.label,
            status: res.status,
            code: (res.body as { code?: string })?.code,
            problem: probe.mustRefuse && res.status < 400 ? `accepted (${res.status})` : problemOf(op, res),
          });
        }
      }),
    );
    expect(seen.length).toBeGreaterThan(2500);
    expect(seen.filter((s) => s.problem)).toEqual([]);
  }, 120_000);
});
