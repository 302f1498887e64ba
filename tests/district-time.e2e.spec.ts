import { expectError, expectStatus } from './support/expect';
import {
  bearer,
  createStaff,
  createUnit,
  login,
  PASSWORD,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';

const TENANT = '/api/v1/tenant';
const CALENDAR = `${TENANT}/calendar`;

/** The district profile and the working-day calendar (ADR 016), over HTTP as staff and admins use them. */
describe('district profile and working-day calendar', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let staff: { id: string; token: string };
  let streetManager: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    a = await provisionTenant(t, 'clock-a');
    b = await provisionTenant(t, 'clock-b');
    staff = await createStaff(t, a, 'staff', 'district_staff', a.rootUnitId);
    // A custom role holding tenant.manage, granted at a street only: not the whole district.
    const street = await createUnit(t, a.adminToken, a.rootUnitId, `${a.code}-s`, '街道');
    const role = await t.http
      .post('/api/v1/roles')
      .set(bearer(a.adminToken))
      .send({ key: 'street_clerk', nameZh: '街道文书', nameEn: 'Street clerk', permissions: ['tenant.manage'] })
      .expect(201);
    const user = await t.http
      .post('/api/v1/users')
      .set(bearer(a.adminToken))
      .send({ username: 'clerk', displayName: '文书', password: PASSWORD, orgUnitId: street.id })
      .expect(201);
    await t.http
      .post('/api/v1/role-assignments')
      .set(bearer(a.adminToken))
      .send({ userId: user.body.id, roleId: role.body.id, orgUnitId: street.id })
      .expect(201);
    streetManager = { id: user.body.id, token: await login(t, a.code, 'clerk') };
  });
  afterAll(() => t.close());

  describe('the profile', () => {
    it('starts on Beijing time with the names it was provisioned with, readable by any staff', async () => {
      const res = await t.http.get(TENANT).set(bearer(staff.token));
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        id: a.id,
        code: a.code,
        name: `测试区 ${a.code}`,
        shortName: null,
        divisionCode: '410411',
        logoUrl: null,
        timeZone: 'Asia/Shanghai',
      });
    });

    it('the district admin edits it, the change is audited, and the other district is untouched', async () => {
      const res = await t.http.patch(TENANT).set(bearer(a.adminToken)).send({
        name: '平顶山市湛河区',
        shortName: '湛河区',
        divisionCode: '410411',
        logoUrl: 'https://example.org/zhanhe.png',
        timeZone: 'Asia/Urumqi',
      });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ name: '平顶山市湛河区', shortName: '湛河区', timeZone: 'Asia/Urumqi' });
      expect((await t.http.get(TENANT).set(bearer(staff.token))).body.shortName).toBe('湛河区');
      const other = await t.http.get(TENANT).set(bearer(b.adminToken)).expect(200);
      expect(other.body).toMatchObject({ id: b.id, name: `测试区 ${b.code}`, timeZone: 'Asia/Shanghai' });

      const audit = await t.http
        .get('/api/v1/audit-events')
        .query({ action: 'tenant.update' })
        .set(bearer(a.adminToken))
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({
        actorId: a.adminUserId,
        before: expect.objectContaining({ timeZone: 'Asia/Shanghai', shortName: null }),
        after: expect.objectContaining({ timeZone: 'Asia/Urumqi', shortName: '湛河区' }),
      });
      await t.http.patch(TENANT).set(bearer(a.adminToken)).send({ timeZone: 'Asia/Shanghai' }).expect(200);
    });

    it('refuses staff without the permission (403) and a grant below the district (403), changing nothing', async () => {
      expectError(await t.http.patch(TENANT).set(bearer(staff.token)).send({ shortName: '改' }), 403, 'FORBIDDEN');
      const below = await t.http.patch(TENANT).set(bearer(streetManager.token)).send({ shortName: '改' });
      expectError(below, 403, 'TENANT_NEEDS_DISTRICT_SCOPE');
      expect((await t.http.get(TENANT).set(bearer(staff.token))).body.shortName).toBe('湛河区');
    });

    it('answers bad input with 400 in the caller’s language and keeps the profile as it was', async () => {
      const zone = await t.http
        .patch(TENANT)
        .set(bearer(a.adminToken))
        .send({ timeZone: 'Asia/Beijing', name: '别改' });
      expectError(zone, 400, 'INVALID_TIME_ZONE');
      expect(zone.body.message).toContain('Asia/Beijing');
      expect(zone.body.message).toContain('时区');
      const en = await t.http
        .patch(TENANT)
        .set({ ...bearer(a.adminToken), 'Accept-Language': 'en' })
        .send({ timeZone: 'Mars/Olympus' });
      expectError(en, 400, 'INVALID_TIME_ZONE');
      expect(en.body.message).toContain('is not a valid IANA time zone');
      expectError(
        await t.http.patch(TENANT).set(bearer(a.adminToken)).send({ divisionCode: '4104' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await t.http.patch(TENANT).set(bearer(a.adminToken)).send({ logoUrl: 'http://example.org/x.png' }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await t.http.patch(TENANT).set(bearer(a.adminToken)).send({ code: 'other' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await t.http.get(TENANT).set(bearer(staff.token))).body).toMatchObject({
        name: '平顶山市湛河区',
        timeZone: 'Asia/Shanghai',
        code: a.code,
      });
    });
  });

  describe('the calendar', () => {
    it('lists 2026’s holidays and 调休 working days from the national schedule', async () => {
      const res = await t.http.get(CALENDAR).query({ year: 2026, limit: 100 }).set(bearer(staff.token));
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ year: 2026, nationalScheduleCovers: true, coveredYears: [2004, 2026] });
      const day = (date: string) => (res.body.items as { date: string }[]).find((d) => d.date === date);
      expect(day('2026-02-14')).toMatchObject({ kind: 'work', source: 'national', holiday: { 'zh-CN': '春节' } });
      expect(day('2026-02-17')).toMatchObject({ kind: 'off', source: 'national' });
      expect(day('2026-10-10')).toMatchObject({ kind: 'work', source: 'national', holiday: { en: 'National Day' } });
      expect(day('2026-03-02')).toBeUndefined(); // an ordinary Monday
    });

    it('says when a year is not covered (2027): weekdays plus the district’s overrides', async () => {
      const res = await t.http.get(CALENDAR).query({ year: 2027 }).set(bearer(staff.token)).expect(200);
      expect(res.body).toMatchObject({ year: 2027, nationalScheduleCovers: false, items: [] });
    });

    it('the district admin sets a day off and a day worked; only that district sees them', async () => {
      const off = await t.http
        .put(`${CALENDAR}/overrides/2026-10-09`)
        .set(bearer(a.adminToken))
        .send({ kind: 'off', note: '区运会闭幕，全区休息一天' });
      expectStatus(off, 200);
      await t.http
        .post(`${CALENDAR}/overrides`)
        .set(bearer(a.adminToken))
        .send({
          overrides: [
            { date: '2027-10-01', kind: 'off', note: '国庆（2027 年安排未发布前）' },
            { date: '2026-10-11', kind: 'work' },
          ],
        })
        .expect(200);
      const res = await t.http.get(CALENDAR).query({ year: 2026, limit: 100 }).set(bearer(staff.token)).expect(200);
      const day = (date: string) => (res.body.items as { date: string }[]).find((d) => d.date === date);
      expect(day('2026-10-09')).toMatchObject({
        kind: 'off',
        source: 'override',
        note: '区运会闭幕，全区休息一天',
        replaces: 'work',
      });
      expect(day('2026-10-11')).toMatchObject({ kind: 'work', source: 'override', replaces: 'off' });
      const y2027 = await t.http.get(CALENDAR).query({ year: 2027 }).set(bearer(staff.token)).expect(200);
      expect(y2027.body.items).toEqual([
        expect.objectContaining({ date: '2027-10-01', kind: 'off', source: 'override' }),
      ]);

      const other = await t.http.get(CALENDAR).query({ year: 2026, limit: 100 }).set(bearer(b.adminToken)).expect(200);
      expect((other.body.items as { source: string }[]).every((d) => d.source === 'national')).toBe(true);
      expectError(await t.http.delete(`${CALENDAR}/overrides/2026-10-09`).set(bearer(b.adminToken)), 404, 'NOT_FOUND');

      await t.http.delete(`${CALENDAR}/overrides/2026-10-09`).set(bearer(a.adminToken)).expect(204);
      const after = await t.http.get(CALENDAR).query({ year: 2026, limit: 100 }).set(bearer(staff.token)).expect(200);
      expect((after.body.items as { date: string }[]).some((d) => d.date === '2026-10-09')).toBe(false);
    });

    it('refuses a bad date or a date given twice with 400, writing none of the batch', async () => {
      const bad = await t.http.put(`${CALENDAR}/overrides/2026-02-30`).set(bearer(a.adminToken)).send({ kind: 'off' });
      expectError(bad, 400, 'INVALID_CALENDAR_DATE');
      expect(bad.body.message).toContain('2026-02-30');
      expectError(
        await t.http.put(`${CALENDAR}/overrides/tomorrow`).set(bearer(a.adminToken)).send({ kind: 'off' }),
        400,
        'INVALID_CALENDAR_DATE',
      );
      expectError(
        await t.http.put(`${CALENDAR}/overrides/2026-05-06`).set(bearer(a.adminToken)).send({ kind: 'holiday' }),
        400,
        'VALIDATION_FAILED',
      );
      const twice = await t.http
        .post(`${CALENDAR}/overrides`)
        .set({ ...bearer(a.adminToken), 'Accept-Language': 'en' })
        .send({
          overrides: [
            { date: '2026-05-06', kind: 'off' },
            { date: '2026-05-07', kind: 'off' },
            { date: '2026-05-06', kind: 'work' },
          ],
        });
      expectError(twice, 400, 'DUPLICATE_CALENDAR_DATE');
      expect(twice.body.message).toBe('The date 2026-05-06 appears more than once in the request; nothing was written');
      const badInBatch = await t.http
        .post(`${CALENDAR}/overrides`)
        .set(bearer(a.adminToken))
        .send({
          overrides: [
            { date: '2026-05-08', kind: 'off' },
            { date: '2026-13-01', kind: 'off' },
          ],
        });
      expectError(badInBatch, 400, 'INVALID_CALENDAR_DATE');
      expect(badInBatch.body.details).toMatchObject({ index: 1 });
      // Found by the fuzzer: an item that is itself a list, or no object at all, is a 400 too.
      for (const overrides of [[[{ date: '2026-05-08', kind: 'off' }]], ['2026-05-08'], [null]])
        expectError(
          await t.http.post(`${CALENDAR}/overrides`).set(bearer(a.adminToken)).send({ overrides }),
          400,
          'VALIDATION_FAILED',
        );
      const may = await t.http.get(CALENDAR).query({ year: 2026, limit: 100 }).set(bearer(staff.token)).expect(200);
      expect((may.body.items as { date: string }[]).filter((d) => /^2026-05-0[678]$/.test(d.date))).toEqual([]);
    });

    it('lets only a district-wide tenant.manage edit the calendar', async () => {
      expectError(
        await t.http.put(`${CALENDAR}/overrides/2026-06-01`).set(bearer(staff.token)).send({ kind: 'off' }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await t.http.put(`${CALENDAR}/overrides/2026-06-01`).set(bearer(streetManager.token)).send({ kind: 'off' }),
        403,
        'TENANT_NEEDS_DISTRICT_SCOPE',
      );
      expectError(await t.http.delete(`${CALENDAR}/overrides/2026-10-11`).set(bearer(staff.token)), 403, 'FORBIDDEN');
      expectError(await t.http.get(CALENDAR), 401, 'UNAUTHENTICATED');
    });
  });
});
