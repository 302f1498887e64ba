import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Response } from 'superagent';
import { expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { fileCase, GRID, gridDistrict, otherGridTenant, startGridApp, type GridDistrict, type Staff } from './support';

const bytes = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The case list as a file, through the SDK's `tongxin.exportList` (docs/plugins.md, Exports). */
describe('grid cases: export', () => {
  let t: TestApp;
  let d: GridDistrict;
  let other: Staff;
  const owner = new OwnerDb();
  let numberA: string;
  let numberB: string;

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'case-export');
    other = (await otherGridTenant(t)).admin;
    numberA = (await fileCase(t, d, { address: '南环路12号3单元401', description: '楼道堆物' })).number;
    numberB = (
      await fileCase(t, d, { unitId: d.gridB.id, address: '北园路8号', description: '路灯不亮' }, d.gridWorkerB)
    ).number;
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const exported = async (who: Staff, query = '', lang?: string) => {
    const req = t.http.get(`${GRID}/cases/export${query}`).set(bearer(who.token)).buffer(true).parse(bytes);
    const res = await (lang ? req.set('Accept-Language', lang) : req);
    expectStatus(res, 200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records: string[][] = parse(text.slice(1));
    return records;
  };

  it('exports the cases the caller sees, with Chinese headers; addresses in full for dispatchers only', async () => {
    const [headers, ...rows] = await exported(d.streetStaffA);
    expect(headers).toEqual([
      '案件编号',
      '状态',
      '事项',
      '来源',
      '问题描述',
      '地址',
      '处置人或单位',
      '上报时间',
      '办理时限',
      '办结时间',
      '是否超期',
    ]);
    expect(rows.map((r) => r[0])).toEqual([numberA]);
    expect(rows[0]!.slice(1, 6)).toEqual(['已上报', expect.any(String), 'patrol', '楼道堆物', '南环路12号3单元401']);
    expect(rows[0]![10]).toBe('否');

    const worker = await exported(d.gridWorkerA);
    expect(worker.slice(1).map((r) => [r[0], r[5]])).toEqual([[numberA, '南环路**号*单元***']]);
    const district = await exported(d.districtStaff);
    expect(
      district
        .slice(1)
        .map((r) => [r[0], r[5]])
        .sort(),
    ).toEqual(
      [
        [numberA, '南环路**号*单元***'],
        [numberB, '北园路*号'],
      ].sort(),
    );
    expect((await exported(other)).slice(1)).toEqual([]);
  });

  it('keeps the list’s filters and refuses what the list refuses', async () => {
    const filtered = await exported(d.districtStaff, `?unitId=${d.gridB.id}`);
    expect(filtered.slice(1).map((r) => r[0])).toEqual([numberB]);
    const unknown = await t.http.get(`${GRID}/cases/export?colour=red`).set(bearer(d.districtStaff.token));
    expectStatus(unknown, 400);
    const badState = await t.http.get(`${GRID}/cases/export?state=lost`).set(bearer(d.districtStaff.token));
    const listBadState = await t.http.get(`${GRID}/cases?state=lost`).set(bearer(d.districtStaff.token));
    expectStatus(badState, 400);
    expect(badState.body.code).toBe(listBadState.body.code);
    const outOfScope = await t.http.get(`${GRID}/cases/export?unitId=${d.gridB.id}`).set(bearer(d.streetStaffA.token));
    expectStatus(outOfScope, 404);
  });

  it('answers XLSX with English headers, and audits the export under the plugin’s names', async () => {
    const res = await t.http
      .get(`${GRID}/cases/export?format=xlsx`)
      .set(bearer(d.admin.token))
      .set('Accept-Language', 'en')
      .buffer(true)
      .parse(bytes);
    expectStatus(res, 200);
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''Grid%20cases-\d{8}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as string[]).slice(1, 3)).toEqual(['Number', 'State']);
    expect(sheet.rowCount).toBe(3);
    const events = await owner.query<{ entity: string; after: Record<string, unknown> }>(
      d.tenant.id,
      `select entity, after from audit_events where action = 'grid.case.export' and actor_id = $1`,
      [d.admin.id],
    );
    expect(events).toEqual([
      { entity: 'grid.case', after: { list: 'grid.cases', format: 'xlsx', filters: {}, rows: 2, complete: true } },
    ]);
  });
});
