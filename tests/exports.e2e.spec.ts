import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Response } from 'superagent';
import { OwnerDb } from './support/owner-db';
import { expectStatus } from './support/expect';
import {
  bearer,
  buildDistrict,
  createStaff,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

/** The body as bytes, whatever its media type (supertest parses only text and JSON itself). */
const bytes = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const BOM = '\uFEFF';

/** A CSV export's records, after checking it starts with the BOM Excel needs. */
function csvRecords(body: Buffer): string[][] {
  const text = body.toString('utf8');
  expect(text.startsWith(BOM)).toBe(true);
  const records: string[][] = parse(text.slice(1));
  return records;
}

async function xlsxRecords(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) =>
    rows.push((row.values as (string | number | null | undefined)[]).slice(1).map((v) => (v == null ? '' : String(v)))),
  );
  return rows;
}

/**
 * Lists as files (docs/adr/019-exports.md): CSV with a BOM or XLSX, the JSON list's filters and
 * scope, headers in the caller's language, personal data masked as the list masks it, audited.
 */
describe('exports of core lists', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let d: Awaited<ReturnType<typeof buildDistrict>>;
  let districtStaff: { id: string; token: string };
  const owner = new OwnerDb();

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [] });
    tenant = await provisionTenant(t, 'exp');
    other = await provisionTenant(t, 'exp-other');
    d = await buildDistrict(t, tenant);
    districtStaff = await createStaff(t, tenant, 'districtStaff', 'district_staff', tenant.rootUnitId);
    expectStatus(
      await t.http
        .patch(`/api/v1/users/${d.gridWorkerA.id}`)
        .set(bearer(tenant.adminToken))
        .send({ phone: '13812345678' }),
      200,
    );
    // A name a spreadsheet would run as a formula, and one with a comma and a quote.
    const formula = await createStaff(t, tenant, 'formula', 'grid_worker', d.gridA.id);
    expectStatus(
      await t.http
        .patch(`/api/v1/users/${formula.id}`)
        .set(bearer(tenant.adminToken))
        .send({ displayName: '=HYPERLINK("http://x","点我")' }),
      200,
    );
    await createStaff(t, other, 'otherDistrict', 'grid_worker', other.rootUnitId);
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const exportOf = (path: string, token: string, lang?: string) => {
    const req = t.http.get(path).set(bearer(token)).buffer(true).parse(bytes);
    return lang ? req.set('Accept-Language', lang) : req;
  };

  it('exports users as CSV with a BOM, Chinese headers, formulas neutralised and a Chinese file name', async () => {
    const res = await exportOf('/api/v1/users/export', tenant.adminToken);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="users-\d{8}\.csv"; filename\*=UTF-8''%E7%94%A8%E6%88%B7-\d{8}\.csv$/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const [headers, ...rows] = csvRecords(res.body as Buffer);
    expect(headers).toEqual(['用户名', '姓名', '手机号', '所属单位', '状态', '创建时间']);
    const byName = new Map(rows.map((r) => [r[0], r]));
    expect(byName.get('workerA')).toEqual([
      'workerA',
      expect.any(String),
      '13812345678',
      '网格A1-1',
      '启用',
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
    ]);
    expect(byName.get('formula')![1]).toBe(`'=HYPERLINK("http://x","点我")`);
    expect(byName.has('otherDistrict')).toBe(false);
  });

  it('answers XLSX that parses back with English headers for Accept-Language: en', async () => {
    const res = await exportOf('/api/v1/users/export?format=xlsx&sort=username', tenant.adminToken, 'en');
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''Users-\d{8}\.xlsx$/);
    const [headers, ...rows] = await xlsxRecords(res.body as Buffer);
    expect(headers).toEqual(['Username', 'Name', 'Phone', 'Unit', 'Status', 'Created']);
    const usernames = rows.map((r) => r[0]);
    expect(usernames).toEqual([...usernames].sort());
    expect(rows.find((r) => r[0] === 'workerA')).toEqual([
      'workerA',
      expect.any(String),
      '13812345678',
      '网格A1-1',
      'active',
      expect.any(String),
    ]);
  });

  it('masks phones as the list does: in full for managers, 138****5678 for district staff who only read', async () => {
    const seenBy = async (token: string) => {
      const res = await exportOf(`/api/v1/users/export?orgUnitId=${d.gridA.id}`, token);
      expectStatus(res, 200);
      return csvRecords(res.body as Buffer).find((r) => r[0] === 'workerA')![2];
    };
    expect(await seenBy(d.communityStaffA.token)).toBe('13812345678');
    expect(await seenBy(districtStaff.token)).toBe('138****5678');
  });

  it('exports only the caller’s subtree, with the list’s filters, and never another district’s rows', async () => {
    const units = async (token: string, query = '') => {
      const res = await exportOf(`/api/v1/org-units/export${query}`, token);
      expectStatus(res, 200);
      return csvRecords(res.body as Buffer)
        .slice(1)
        .map((r) => r[1]);
    };
    const streetA = await units(d.streetStaffA.token);
    expect(streetA.sort()).toEqual(['党小组A1-1-1', '社区A1', '网格A1-1', '网格A1-2', '街道A'].sort());
    expect(await units(d.streetStaffA.token, '?level=4')).toEqual(expect.arrayContaining(['网格A1-1', '网格A1-2']));
    expect(await units(d.streetStaffA.token, '?level=4')).toHaveLength(2);
    const users = await exportOf('/api/v1/users/export', d.streetStaffB.token);
    const names = csvRecords(users.body as Buffer).map((r) => r[0]);
    expect(names).toContain('streetB');
    expect(names).not.toContain('workerA');
    const otherDistrict = await exportOf('/api/v1/users/export', other.adminToken);
    const theirs = csvRecords(otherDistrict.body as Buffer).map((r) => r[0]);
    expect(theirs).toContain('otherDistrict');
    expect(theirs).not.toContain('workerA');
  });

  it('refuses an unknown filter, paging and a unit out of scope as the list does, before any file', async () => {
    const unknown = await t.http.get('/api/v1/users/export?colour=red').set(bearer(tenant.adminToken));
    expectStatus(unknown, 400);
    const list = await t.http.get('/api/v1/users?colour=red').set(bearer(tenant.adminToken));
    expect(unknown.body.code).toBe(list.body.code);
    expectStatus(await t.http.get('/api/v1/users/export?limit=10').set(bearer(tenant.adminToken)), 400);
    const format = await t.http.get('/api/v1/users/export?format=pdf').set(bearer(tenant.adminToken));
    expectStatus(format, 400);
    const sort = await t.http.get('/api/v1/users/export?sort=colour').set(bearer(tenant.adminToken));
    expectStatus(sort, 400);
    expect(sort.body.code).toBe('INVALID_SORT');
    const outOfScope = await t.http
      .get(`/api/v1/users/export?orgUnitId=${d.communityB.id}`)
      .set(bearer(d.streetStaffA.token));
    expectStatus(outOfScope, 404);
    expect(outOfScope.headers['content-disposition']).toBeUndefined();
    const english = await t.http
      .get('/api/v1/users/export?colour=red')
      .set(bearer(tenant.adminToken))
      .set('Accept-Language', 'en');
    expect(english.body.message).not.toBe(unknown.body.message);
  });

  it('writes one audit event per export: who, which list, the filters and the rows sent', async () => {
    const res = await exportOf(`/api/v1/users/export?orgUnitId=${d.gridA.id}&q=worker`, d.communityStaffA.token);
    expectStatus(res, 200);
    const sent = csvRecords(res.body as Buffer).length - 1;
    const events = await owner.query<{
      actor_id: string;
      action: string;
      entity: string;
      after: Record<string, unknown>;
    }>(
      tenant.id,
      `select actor_id, action, entity, after from audit_events
        where action = 'user.export' and actor_id = $1 and after->'filters' ? 'q'`,
      [d.communityStaffA.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.entity).toBe('user');
    expect(events[0]!.after).toEqual({
      list: 'users',
      format: 'csv',
      filters: { orgUnitId: d.gridA.id, q: 'worker' },
      rows: sent,
      complete: true,
    });
    expect(sent).toBeGreaterThan(0);
  });

  it('exports partner bodies with the contact phone masked for readers, and the audit trail itself', async () => {
    expectStatus(
      await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(tenant.adminToken))
        .send({ type: 'unit', name: '区税务局', contactName: '王科长', contactPhone: '0375-1234567' }),
      201,
    );
    const full = csvRecords((await exportOf('/api/v1/partner-bodies/export', tenant.adminToken)).body as Buffer);
    expect(full[0]).toEqual(['名称', '类型', '统一社会信用代码', '联系人', '联系电话', '所属单位', '创建时间']);
    expect(full.find((r) => r[0] === '区税务局')![4]).toBe('0375-1234567');
    const read = csvRecords((await exportOf('/api/v1/partner-bodies/export', districtStaff.token)).body as Buffer);
    expect(read.find((r) => r[0] === '区税务局')![4]).toBe('037****4567');

    const trail = await exportOf('/api/v1/audit-events/export?action=partner.create&format=xlsx', tenant.adminToken);
    expectStatus(trail, 200);
    const [headers, ...rows] = await xlsxRecords(trail.body as Buffer);
    expect(headers).toEqual(['时间', '操作', '对象类型', '对象ID', '操作人ID', '操作人类型', '来源地址', '请求ID']);
    expect(rows.map((r) => r[1])).toEqual(rows.map(() => 'partner.create'));
    expect(rows.length).toBeGreaterThan(0);
    // District-wide readers only, as the list.
    expectStatus(await t.http.get('/api/v1/audit-events/export').set(bearer(d.streetStaffA.token)), 403);
  });

  it('gives another district’s administrator none of this district’s units, partner bodies or audit events', async () => {
    const csvFor = async (path: string) => {
      const res = await exportOf(path, other.adminToken);
      expectStatus(res, 200);
      return csvRecords(res.body as Buffer)
        .slice(1)
        .flat();
    };
    const units = await csvFor('/api/v1/org-units/export');
    expect(units).not.toContain('街道A');
    expect(await csvFor('/api/v1/partner-bodies/export')).not.toContain('区税务局');
    const trail = await csvFor('/api/v1/audit-events/export');
    expect(trail).not.toContain(d.streetA.id);
    expect(trail).not.toContain(tenant.adminUserId);
  });
});
