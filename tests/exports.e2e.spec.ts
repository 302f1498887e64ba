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
  return parse(text.slice(1), { relaxColumnCount: false }) as string[][];
}

async function xlsxRecords(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
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
});
