import { WorkingCalendar } from '@tongxin/district';
import { Clock } from '@tongxin/jobs';
import { expectError, expectStatus, listAll } from '../../../tests/support/expect';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import {
  act,
  fileCase,
  GRID,
  gridDistrict,
  otherGridTenant,
  startGridApp,
  type GridDistrict,
  type Staff,
} from './support';

/** The test districts keep the default zone, Beijing time. */
const beijing = new WorkingCalendar('Asia/Shanghai');
const districtDate = (at: Date) => beijing.dateOf(at);

const HOUR = 3_600_000;

interface Item {
  id: string;
  number: string;
  state: string;
  description: string;
  address: string;
  createdAt: string;
  updatedAt: string;
  deadlineAt: string | null;
  allowedActions: string[];
  handler: { name: string; orgName: string; userId: string | null } | null;
}

/** Finding cases: by number, text and filing period, sorted, with what each caller may do next. */
describe('grid cases: finding and sorting', () => {
  let t: TestApp;
  let d: GridDistrict;
  let other: Staff;

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'search');
    other = (await otherGridTenant(t)).admin;
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The list with `query`, its non-ASCII characters percent-encoded as a browser sends them. */
  const list = (who: Staff, query: string) => t.http.get(`${GRID}/cases?${encodeURI(query)}`).set(bearer(who.token));
  const found = async (who: Staff, query: string) => {
    const res = await list(who, query);
    expectStatus(res, 200);
    return res.body.items as Item[];
  };
  const numbers = (items: Item[]) => items.map((c) => c.number);

  describe('by number', () => {
    let a: Item;
    let b: Item;

    beforeAll(async () => {
      a = (await fileCase(t, d, { description: '号码查找甲' })) as unknown as Item;
      b = (await fileCase(t, d, { unitId: d.gridB.id, description: '号码查找乙' }, d.gridWorkerB)) as unknown as Item;
    });

    it('finds the case a resident quotes, with or without the hyphen, and by its beginning', async () => {
      expect(numbers(await found(d.admin, `number=${a.number}`))).toEqual([a.number]);
      expect(numbers(await found(d.admin, `number=${a.number.replace('-', '')}`))).toEqual([a.number]);
      const day = a.number.slice(0, 8);
      const ofTheDay = numbers(await found(d.admin, `number=${day}&limit=200`));
      expect(ofTheDay).toEqual(expect.arrayContaining([a.number, b.number]));
      expect(ofTheDay.every((n) => n.startsWith(day))).toBe(true);
      // 20261202-000 → the day's first nine; the sequence digits narrow it like the day's.
      const narrow = a.number.slice(0, 12);
      const some = numbers(await found(d.admin, `number=${narrow}&limit=200`));
      expect(some).toContain(a.number);
      expect(some.every((n) => n.startsWith(narrow))).toBe(true);
      expect(await found(d.admin, `number=${day}-9999`)).toEqual([]);
    });

    it('finds nothing outside the caller’s scope or district', async () => {
      // The worker of grid B1-1 never sees grid A1-1's case, even by its exact number.
      expect(await found(d.gridWorkerB, `number=${a.number}`)).toEqual([]);
      expect(numbers(await found(d.gridWorkerB, `number=${b.number}`))).toEqual([b.number]);
      // Another district numbers its own cases: the same number finds none of ours there.
      expect(await found(other, `number=${a.number}`)).toEqual([]);
    });

    it('refuses what is not a case number', async () => {
      for (const bad of ['abc', '2026-12-02', '20261202-0001-1', '%25'])
        expectError(await list(d.admin, `number=${bad}`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('by text', () => {
    let drain: Item;

    beforeAll(async () => {
      drain = (await fileCase(t, d, {
        description: '沿河路雨水井盖松动，夜间有安全隐患',
        address: 'B座东门',
      })) as unknown as Item;
      await fileCase(t, d, { description: '楼道堆放杂物 100% 堵塞', address: '幸福里7号' });
      await fileCase(t, d, { unitId: d.gridB.id, description: '另一网格的井盖缺失' }, d.gridWorkerB);
    });

    it('matches the description or the address, any case, within scope', async () => {
      expect(numbers(await found(d.gridWorkerA, 'q=井盖松动'))).toEqual([drain.number]);
      expect(numbers(await found(d.gridWorkerA, 'q=b座'))).toEqual([drain.number]);
      const district = await found(d.admin, `q=${'井盖'}`);
      expect(district.map((c) => c.description)).toEqual(['另一网格的井盖缺失', '沿河路雨水井盖松动，夜间有安全隐患']);
      // Grid A1-1's worker does not find grid B1-1's manhole by text either.
      expect((await found(d.gridWorkerA, 'q=井盖')).map((c) => c.number)).toEqual([drain.number]);
      expect(await found(other, 'q=井盖')).toEqual([]);
    });

    it('finds by one character, and what residents filed through Open311', async () => {
      // One character has no bigram: the text filter alone finds it.
      expect((await found(d.admin, 'q=盖')).map((c) => c.description)).toEqual([
        '另一网格的井盖缺失',
        '沿河路雨水井盖松动，夜间有安全隐患',
      ]);
      const key = await t.http
        .post(`${GRID}/open311/keys`)
        .set(bearer(d.admin.token))
        .send({ clientName: 'text', unitId: d.gridA.id })
        .expect(201);
      await t.http
        .post(`/api/v1/public/${d.tenant.code}/plugins/grid/open311/v2/requests.json`)
        .send({
          api_key: key.body.apiKey,
          service_code: 'HP-09',
          address_string: '滨河北路88号',
          description: '路灯不亮',
        })
        .expect(201);
      expect((await found(d.gridWorkerA, 'q=滨河北路')).map((c) => c.description)).toEqual(['路灯不亮']);
      expect(await found(d.gridWorkerA, 'q=河北路灯')).toEqual([]);
    });

    it('takes % and _ literally', async () => {
      expect((await found(d.admin, 'q=100%')).map((c) => c.description)).toEqual(['楼道堆放杂物 100% 堵塞']);
      expect(await found(d.admin, 'q=_')).toEqual([]);
    });
  });

  describe('sorted', () => {
    let ids: string[];

    beforeAll(async () => {
      // Four cases dispatched with deadlines out of filing order, one never dispatched.
      ids = [];
      for (const hours of [30, 10, 20, 40]) {
        const c = await fileCase(t, d, { description: `排序${hours}` });
        await act(t, d.communityStaffA, c.id, 'dispatch', {
          unitId: d.gridA.id,
          deadline: new Date(Date.now() + hours * HOUR).toISOString(),
        }).expect(200);
        ids.push(c.id);
      }
      ids.push((await fileCase(t, d, { description: '排序无期限' })).id);
    });

    /** Every page of a sorted list, two at a time, following the cursor. */
    async function pages(who: Staff, sort: string): Promise<Item[]> {
      const items: Item[] = [];
      let cursor: string | null = null;
      do {
        const res = await list(who, `q=${'排序'}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expectStatus(res, 200);
        items.push(...(res.body.items as Item[]));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      return items;
    }
    const descriptions = (items: Item[]) => items.map((c) => c.description);

    it('by deadline both ways, cases without one last, page by page', async () => {
      for (const who of [d.communityStaffA, d.gridWorkerA, d.admin]) {
        expect(descriptions(await pages(who, 'deadline'))).toEqual([
          '排序10',
          '排序20',
          '排序30',
          '排序40',
          '排序无期限',
        ]);
        expect(descriptions(await pages(who, '-deadline'))).toEqual([
          '排序40',
          '排序30',
          '排序20',
          '排序10',
          '排序无期限',
        ]);
      }
    });

    it('by filing order both ways, and by last change', async () => {
      expect(descriptions(await pages(d.admin, 'createdAt'))).toEqual([
        '排序30',
        '排序10',
        '排序20',
        '排序40',
        '排序无期限',
      ]);
      expect(descriptions(await pages(d.admin, '-createdAt'))).toEqual([
        '排序无期限',
        '排序40',
        '排序20',
        '排序10',
        '排序30',
      ]);
      // The default is newest first.
      expect(descriptions(await found(d.admin, `q=${'排序'}`))).toEqual(
        descriptions(await pages(d.admin, '-createdAt')),
      );
      // Touch the first one: it is now the last changed.
      await act(t, d.gridWorkerA, ids[0]!, 'accept').expect(200);
      const byChange = descriptions(await pages(d.admin, '-updatedAt'));
      expect(byChange[0]).toBe('排序30');
      expect(descriptions(await pages(d.admin, 'updatedAt'))).toEqual([...byChange].reverse());
    });

    it('refuses an unknown sort with the allowed values, and a cursor of another sort', async () => {
      const res = await list(d.admin, 'sort=priority');
      expectError(res, 400, 'INVALID_SORT');
      expect(res.body.details.allowed).toEqual([
        'createdAt',
        '-createdAt',
        'deadline',
        '-deadline',
        'updatedAt',
        '-updatedAt',
      ]);
      expect(res.body.message).toContain('-deadline');
      const en = await list(d.admin, 'sort=priority').set('Accept-Language', 'en');
      expect(en.body.message).toBe(
        'Cannot sort by "priority"; allowed: createdAt, -createdAt, deadline, -deadline, updatedAt, -updatedAt',
      );
      const first = await list(d.admin, 'sort=deadline&limit=1').expect(200);
      expectError(await list(d.admin, `sort=-updatedAt&cursor=${first.body.nextCursor}`), 400, 'INVALID_CURSOR');
      expectError(await list(d.admin, `cursor=${first.body.nextCursor}`), 400, 'INVALID_CURSOR');
    });
  });

  describe('what each caller may do next, in the list', () => {
    it('is, for every case and caller, what the case itself says', async () => {
      await fileCase(t, d, { description: '下一步：待派单' });
      const dispatched = await fileCase(t, d, { description: '下一步：待签收' });
      await act(t, d.communityStaffA, dispatched.id, 'dispatch', { unitId: d.gridA.id }).expect(200);
      const resolved = await fileCase(t, d, { description: '下一步：待核实' });
      await act(t, d.communityStaffA, resolved.id, 'dispatch', { unitId: d.gridA.id }).expect(200);
      await act(t, d.gridWorkerA, resolved.id, 'accept').expect(200);
      await act(t, d.gridWorkerA, resolved.id, 'resolve', { note: '已修复' }).expect(200);
      const toDepartment = await fileCase(t, d, { description: '下一步：部门签收' });
      await act(t, d.communityStaffA, toDepartment.id, 'escalate', { note: '需部门' }).expect(200);
      await act(t, d.communityStaffA, toDepartment.id, 'dispatch', { partnerId: d.departmentId }).expect(200);

      const next = async (who: Staff) =>
        Object.fromEntries((await found(who, `q=${'下一步'}`)).map((c) => [c.description, c.allowedActions]));
      expect(await next(d.communityStaffA)).toEqual({
        '下一步：待派单': ['dispatch', 'escalate', 'cancel'],
        // Community staff also hold case.handle over their grids, so may take it themselves.
        '下一步：待签收': ['accept', 'return', 'cancel'],
        '下一步：待核实': ['verify', 'reject'],
        '下一步：部门签收': ['cancel'],
      });
      expect(await next(d.gridWorkerA)).toEqual({
        '下一步：待派单': [],
        '下一步：待签收': ['accept', 'return'],
        // 采办分离: the worker handled it, so may not verify it.
        '下一步：待核实': [],
        '下一步：部门签收': [],
      });
      expect(await next(d.department)).toEqual({ '下一步：部门签收': ['accept', 'return'] });

      // And each equals the case's own allowedActions, for every caller and every case they list.
      for (const who of [d.admin, d.streetStaffA, d.communityStaffA, d.gridLeaderA, d.gridWorkerA, d.department]) {
        for (const c of (await listAll(t, who.token, `${GRID}/cases`)) as unknown as Item[]) {
          const one = await t.http.get(`${GRID}/cases/${c.id}`).set(bearer(who.token)).expect(200);
          expect({ number: c.number, allowed: c.allowedActions }).toEqual({
            number: c.number,
            allowed: one.body.allowedActions,
          });
        }
      }
    });
  });

  describe('names instead of ids', () => {
    it('names the person a case is with, and who did each step of its history', async () => {
      await t.http
        .patch(`/api/v1/users/${d.communityStaffA.id}`)
        .set(bearer(d.admin.token))
        .send({ displayName: '王主任' })
        .expect(200);
      await t.http
        .patch(`/api/v1/users/${d.gridWorkerA.id}`)
        .set(bearer(d.admin.token))
        .send({ displayName: '李网格员' })
        .expect(200);
      const c = await fileCase(t, d, { description: '点名派单' });
      const dispatched = await act(t, d.communityStaffA, c.id, 'dispatch', {
        unitId: d.gridA.id,
        handlerUserId: d.gridWorkerA.id,
      }).expect(200);
      expect(dispatched.body.handler).toEqual(
        expect.objectContaining({ userId: d.gridWorkerA.id, name: '李网格员', orgName: '网格A1-1' }),
      );
      const [inList] = await found(d.gridWorkerA, `number=${c.number}`);
      expect(inList!.handler).toEqual(expect.objectContaining({ name: '李网格员', orgName: '网格A1-1' }));

      // To a unit, no one named: the unit's name, in both fields.
      const unnamed = await fileCase(t, d, { description: '派到网格' });
      const toUnit = await act(t, d.communityStaffA, unnamed.id, 'dispatch', { unitId: d.gridA.id }).expect(200);
      expect(toUnit.body.handler).toEqual(
        expect.objectContaining({ userId: null, name: '网格A1-1', orgName: '网格A1-1' }),
      );

      // The grid worker cannot look up the community's staff (no user.read above the grid), yet
      // the history of a case they can see says who dispatched it.
      const lookup = await t.http.get(`/api/v1/users/${d.communityStaffA.id}`).set(bearer(d.gridWorkerA.token));
      expect([403, 404]).toContain(lookup.status);
      const history = await t.http.get(`${GRID}/cases/${c.id}/history`).set(bearer(d.gridWorkerA.token)).expect(200);
      expect(
        (history.body.items as { action: string; actorId: string; actorName: string | null }[]).map((e) => [
          e.action,
          e.actorName,
        ]),
      ).toEqual([
        ['collect', '李网格员'],
        ['report', '李网格员'],
        ['dispatch', '王主任'],
      ]);
      // Still not a way to read people: the worker of another grid does not see the case at all.
      expectStatus(await t.http.get(`${GRID}/cases/${c.id}/history`).set(bearer(d.gridWorkerB.token)), 404);
    });

    it('names no one for what a resident filed through Open311', async () => {
      const key = await t.http
        .post(`${GRID}/open311/keys`)
        .set(bearer(d.admin.token))
        .send({ clientName: 'search', unitId: d.gridA.id })
        .expect(201);
      const filed = await t.http
        .post(`/api/v1/public/${d.tenant.code}/plugins/grid/open311/v2/requests.json`)
        .send({ api_key: key.body.apiKey, service_code: 'HP-09', address_string: '居民来报' })
        .expect(201);
      const [c] = await found(d.admin, `number=${filed.body[0].service_request_id}`);
      const history = await t.http.get(`${GRID}/cases/${c!.id}/history`).set(bearer(d.admin.token)).expect(200);
      const lines = history.body.items as { action: string; actorId: string | null; actorName: string | null }[];
      expect(lines.map((e) => e.action)).toEqual(expect.arrayContaining(['collect', 'report']));
      expect(lines.every((e) => e.actorId === null && e.actorName === null)).toBe(true);
    });
  });

  // Last: it moves the server's clock, which stays moved for the rest of this file.
  describe('by filing period, in district days', () => {
    it('counts days from midnight Beijing time, both ends inclusive', async () => {
      const clock = t.app.get(Clock, { strict: false });
      // To 23:30 Beijing (15:30 UTC) of a coming day, file one; an hour later (00:30 Beijing, the
      // next district day, the same UTC date) another.
      const now = clock.now().getTime();
      const target = new Date(now + 2 * 86_400_000);
      target.setUTCHours(15, 30, 0, 0);
      clock.advance(target.getTime() - now);
      const late = await fileCase(t, d, { description: '期间：深夜' });
      clock.advance(HOUR);
      const early = await fileCase(t, d, { description: '期间：凌晨' });
      const lateDay = districtDate(target);
      const earlyDay = districtDate(new Date(target.getTime() + HOUR));
      expect(earlyDay > lateDay).toBe(true);
      expect(target.toISOString().slice(0, 10)).toBe(new Date(target.getTime() + HOUR).toISOString().slice(0, 10));

      const period = async (query: string) => (await found(d.admin, `q=${'期间'}&${query}`)).map((c) => c.description);
      expect(await period(`createdFrom=${lateDay}&createdTo=${lateDay}`)).toEqual(['期间：深夜']);
      expect(await period(`createdFrom=${earlyDay}`)).toEqual(['期间：凌晨']);
      expect(await period(`createdTo=${lateDay}`)).toEqual(['期间：深夜']);
      expect(await period(`createdFrom=${lateDay}&createdTo=${earlyDay}&sort=createdAt`)).toEqual([
        '期间：深夜',
        '期间：凌晨',
      ]);
      // The day before holds neither; the number says the district day too.
      const before = districtDate(new Date(target.getTime() - 86_400_000));
      expect(await period(`createdTo=${before}`)).toEqual([]);
      expect(late.number.slice(0, 8)).toBe(lateDay.replaceAll('-', ''));
      expect(early.number.slice(0, 8)).toBe(earlyDay.replaceAll('-', ''));
      // Other filters and scope still apply.
      expect(
        (await found(d.gridWorkerB, `createdFrom=${lateDay}&createdTo=${earlyDay}`)).map((c) => c.description),
      ).toEqual([]);
    });

    it('refuses a period that ends before it starts, and dates that are not days', async () => {
      const res = await list(d.admin, 'createdFrom=2026-12-02&createdTo=2026-12-01');
      expectError(res, 400, 'GRID_CASE_DATE_RANGE_INVALID');
      expect(res.body.message).toContain('2026-12-02');
      for (const bad of ['2026-02-30', '2026-12-1', '2026-12-01T00:00:00Z', 'yesterday'])
        expectError(await list(d.admin, `createdFrom=${bad}`), 400, 'VALIDATION_FAILED');
    });
  });
});
