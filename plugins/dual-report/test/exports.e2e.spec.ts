import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Response } from 'superagent';
import { WorkingCalendar } from '@tongxin/district';
import { expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { DUAL, dualDistrict, startDualApp, type Person } from './support';

const bytes = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const today = () => new WorkingCalendar('Asia/Shanghai').dateOf(new Date());
const inDays = (days: number) => new WorkingCalendar('Asia/Shanghai').dateOf(new Date(Date.now() + days * 86_400_000));

/** 双报到's lists as files, through the SDK's `tongxin.exportList`. */
describe('dual-report: exports', () => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof dualDistrict>>;
  const owner = new OwnerDb();

  beforeAll(async () => {
    t = await startDualApp();
    d = await dualDistrict(t, 'dual-export');
    for (const [who, communityId] of [
      [d.memberA1, d.communityA.id],
      [d.memberB1, d.communityB.id],
    ] as const)
      expectStatus(
        await t.http
          .post(`${DUAL}/registrations`)
          .set(bearer(who.token))
          .send({ communityId, skills: ['法律咨询', '电脑维修'] }),
        201,
      );
    expectStatus(
      await t.http
        .post(`${DUAL}/pairings`)
        .set(bearer(d.communityStaffA.token))
        .send({
          communityId: d.communityA.id,
          partnerId: d.taxBureau,
          signedOn: today(),
          termStart: today(),
          termEnd: inDays(365),
          needs: [{ title: '独居老人探访' }],
          resources: [{ title: '单位党员志愿者 20 名' }],
          activities: [{ title: '主题党日共建活动' }],
          services: [{ title: '税务咨询进社区' }],
          assessmentItems: [{ title: '居民满意度' }],
        }),
      201,
    );
  });
  afterAll(async () => {
    await owner.close();
    await t?.close();
  });

  const csvOf = async (who: Person, path: string, lang?: string) => {
    const req = t.http.get(`${DUAL}/${path}`).set(bearer(who.token)).buffer(true).parse(bytes);
    const res = await (lang ? req.set('Accept-Language', lang) : req);
    expectStatus(res, 200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records: string[][] = parse(text.slice(1));
    return records;
  };

  it('exports the registrations a community sees (its own members), in both languages, audited', async () => {
    const [headers, ...rows] = await csvOf(d.communityStaffA, 'registrations/export');
    expect(headers).toEqual(['党员', '报到社区', '所在单位', '状态', '特长', '申请时间', '审核时间']);
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      ['memberA1', '社区A1', '区税务局', '待审核', '法律咨询、电脑维修'],
    ]);
    const english = await csvOf(d.districtStaff, 'registrations/export?status=pending', 'en');
    expect(english[0]!.slice(0, 4)).toEqual(['Member', 'Community', 'Unit', 'Status']);
    expect(
      english
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['社区A1', '社区B1']);
    const events = await owner.query<{ entity: string; after: Record<string, unknown> }>(
      d.tenant.id,
      `select entity, after from audit_events where action = 'dual-report.registration.export' order by id`,
    );
    expect(events.map((e) => e.after)).toEqual([
      { list: 'dual-report.registrations', format: 'csv', filters: {}, rows: 1, complete: true },
      { list: 'dual-report.registrations', format: 'csv', filters: { status: 'pending' }, rows: 2, complete: true },
    ]);
    const unknown = await t.http.get(`${DUAL}/registrations/export?colour=red`).set(bearer(d.districtStaff.token));
    expectStatus(unknown, 400);
  });

  it('exports pairings as XLSX to district staff and nothing to a community outside them', async () => {
    const res = await t.http
      .get(`${DUAL}/pairings/export?format=xlsx`)
      .set(bearer(d.districtStaff.token))
      .buffer(true)
      .parse(bytes);
    expectStatus(res, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([
      '社区',
      '共建单位',
      '签约日期',
      '协议开始',
      '协议结束',
      '状态',
    ]);
    expect((sheet.getRow(2).values as string[]).slice(1, 3)).toEqual(['社区A1', '区税务局']);
    expect(sheet.rowCount).toBe(2);
    expect((await csvOf(d.communityStaffB, 'pairings/export')).slice(1)).toEqual([]);
  });

  it('exports the calls a community posted, and none to another community’s staff', async () => {
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    expectStatus(
      await t.http
        .post(`${DUAL}/calls`)
        .set(bearer(d.communityStaffA.token))
        .send({
          unitId: d.communityA.id,
          kind: 'need',
          title: '=独居老人探访',
          startsAt: at(86_400_000),
          endsAt: at(90_000_000),
          capacity: 3,
        }),
      201,
    );
    const [headers, ...rows] = await csvOf(d.communityStaffA, 'calls/export');
    expect(headers).toEqual(['发布单位', '类型', '标题', '地点', '开始时间', '结束时间', '人数', '剩余名额', '状态']);
    expect(rows.map((r) => [r[0], r[1], r[2], r[6], r[7], r[8]])).toEqual([
      ['社区A1', '需求', "'=独居老人探访", '3', '3', '报名中'],
    ]);
    expect((await csvOf(d.communityStaffB, 'calls/export')).slice(1)).toEqual([]);
  });

  it('exports the ratings a community gave, with the list’s filters', async () => {
    const pending = await t.http.get(`${DUAL}/registrations?status=pending`).set(bearer(d.communityStaffA.token));
    const registration = (pending.body.items as { id: string; memberId: string }[]).find(
      (r) => r.memberId === d.memberA1.id,
    )!;
    expectStatus(
      await t.http
        .post(`${DUAL}/registrations/${registration.id}/approve`)
        .set(bearer(d.communityStaffA.token))
        .send({}),
      200,
    );
    const year = Number(today().slice(0, 4));
    expectStatus(
      await t.http
        .post(`${DUAL}/evaluations/members`)
        .set(bearer(d.communityStaffA.token))
        .send({ communityId: d.communityA.id, memberId: d.memberA1.id, year, score: 4, comment: '服务积极' }),
      201,
    );
    const [headers, ...rows] = await csvOf(d.communityStaffA, `evaluations/export?year=${year}`);
    expect(headers).toEqual(['年度', '评价方向', '社区', '党员', '单位', '评分', '评语', '评价时间']);
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      [String(year), '社区评党员', '社区A1', 'memberA1', '区税务局', '4', '服务积极'],
    ]);
    expect((await csvOf(d.communityStaffB, 'evaluations/export')).slice(1)).toEqual([]);
  });
});
