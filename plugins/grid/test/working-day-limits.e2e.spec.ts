import { Clock } from '@tongxin/jobs';
import { bearer, type TestApp } from '../../../tests/support/test-app';
import { expectError } from '../../../tests/support/expect';
import { act, fileCase, GRID, gridDistrict, startGridApp, type GridDistrict } from './support';

/** An instant written in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);

/**
 * Item time limits in working days (ADR 016): a case dispatched before 春节 2026 is due after the
 * holiday, counting the 调休 Saturday Feb 14 and the district's own day off.
 */
describe('grid items with time limits in working days', () => {
  let t: TestApp;
  let d: GridDistrict;
  let itemId: string;

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'grid-wd');
    const item = await t.http
      .post(`${GRID}/items`)
      .set(bearer(d.admin.token))
      .send({
        code: 'WD-01',
        category: 'special_task',
        name: '困难群众走访',
        timeLimit: 3,
        timeLimitUnit: 'working_days',
        handlerType: 'grid',
      })
      .expect(201);
    expect(item.body).toMatchObject({ timeLimit: 3, timeLimitUnit: 'working_days' });
    itemId = item.body.id;
    // Friday 13 February 2026, 10:00 in the district: the last working day but one before 春节.
    const clock = t.app.get(Clock, { strict: false });
    clock.advance(bj('2026-02-13T10:00:00').getTime() - clock.now().getTime());
  });
  afterAll(() => t.close());

  async function dispatched(): Promise<string> {
    const c = await fileCase(t, d, { itemId, description: '春节前走访困难户' });
    const res = await act(t, d.communityStaffA, c.id, 'dispatch', { unitId: d.gridA.id }).expect(200);
    // The server's clock keeps running from 10:00: compare to the minute.
    return (res.body.deadlineAt as string).slice(0, 16);
  }

  it('lists and returns the unit with the limit; hour limits stay as they were', async () => {
    const items = await t.http.get(`${GRID}/items`).query({ limit: 100 }).set(bearer(d.gridWorkerA.token)).expect(200);
    expect(items.body.items).toContainEqual(
      expect.objectContaining({ code: 'WD-01', timeLimit: 3, timeLimitUnit: 'working_days' }),
    );
    expect(items.body.items).toContainEqual(
      expect.objectContaining({ code: 'HP-09', timeLimit: 24, timeLimitUnit: 'hours' }),
    );
  });

  it('skips 春节 (Feb 15–23) but counts the 调休 Saturday Feb 14: 3 working days from Feb 13 is Feb 25', async () => {
    // Feb 14 (worked Saturday), Feb 24, Feb 25.
    expect(await dispatched()).toBe(bj('2026-02-25T10:00:00').toISOString().slice(0, 16));
  });

  it('follows the district’s own day off, set by its administrator', async () => {
    await t.http
      .put('/api/v1/tenant/calendar/overrides/2026-02-24')
      .set(bearer(d.admin.token))
      .send({ kind: 'off', note: '元宵节前全区补休' })
      .expect(200);
    expect(await dispatched()).toBe(bj('2026-02-26T10:00:00').toISOString().slice(0, 16));
  });

  it('refuses a working-day limit over 60 days (400) and leaves the item as it was', async () => {
    const res = await t.http.patch(`${GRID}/items/${itemId}`).set(bearer(d.admin.token)).send({ timeLimit: 61 });
    expectError(res, 400, 'GRID_ITEM_TIME_LIMIT_TOO_LONG');
    expect(res.body.message).toContain('60');
    expectError(
      await t.http.patch(`${GRID}/items/${itemId}`).set(bearer(d.admin.token)).send({ timeLimitUnit: 'days' }),
      400,
      'VALIDATION_FAILED',
    );
    const items = await t.http.get(`${GRID}/items`).query({ limit: 100 }).set(bearer(d.admin.token)).expect(200);
    expect(items.body.items).toContainEqual(expect.objectContaining({ code: 'WD-01', timeLimit: 3 }));
  });
});
