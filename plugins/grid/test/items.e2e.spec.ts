import { expectError, expectStatus } from '../../../tests/support/expect';
import { bearer, provisionTenant, type TestApp } from '../../../tests/support/test-app';
import { GRID, gridDistrict, startGridApp, type GridDistrict } from './support';

interface Item {
  id: string;
  code: string;
  category: string;
  name: string;
  timeLimit: number;
  handlerType: string;
  active: boolean;
  public: boolean;
}

describe('grid item list (入格事项清单)', () => {
  let t: TestApp;
  let d: GridDistrict;

  beforeAll(async () => {
    t = await startGridApp();
    d = await gridDistrict(t, 'grid-items');
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = async (token: string, query = '') =>
    (await t.http.get(`${GRID}/items${query}`).set(bearer(token)).expect(200)).body.items as Item[];

  it('starts every district with 番禺’s 4 categories and 29 items, simple livelihood items at 24 hours', async () => {
    const items = await list(d.gridWorkerA.token);
    expect(items).toHaveLength(29);
    const perCategory = Object.fromEntries(
      ['info_collection', 'hazard_patrol', 'publicity', 'special_task'].map((c) => [
        c,
        items.filter((i) => i.category === c).length,
      ]),
    );
    expect(perCategory).toEqual({ info_collection: 8, hazard_patrol: 13, publicity: 4, special_task: 4 });
    expect(items.find((i) => i.code === 'HP-09')).toEqual(
      expect.objectContaining({ name: '垃圾堆放及环境卫生', timeLimit: 24, handlerType: 'grid', active: true }),
    );
    expect((await list(d.gridWorkerA.token, '?category=publicity')).map((i) => i.code)).toEqual([
      'PG-01',
      'PG-02',
      'PG-03',
      'PG-04',
    ]);
  });

  it('lets the district admin add and edit items, and keeps edits when the plugin is enabled again', async () => {
    const created = await t.http.post(`${GRID}/items`).set(bearer(d.admin.token)).send({
      code: 'HP-14',
      category: 'hazard_patrol',
      name: '电动车违规充电',
      timeLimit: 12,
      handlerType: 'community',
      public: true,
    });
    expectStatus(created, 201);
    const edited = await t.http
      .patch(`${GRID}/items/${created.body.id}`)
      .set(bearer(d.admin.token))
      .send({ timeLimit: 6, name: '电动车入户充电' });
    expect(edited.body).toEqual(expect.objectContaining({ code: 'HP-14', timeLimit: 6, name: '电动车入户充电' }));
    const hp01 = (await list(d.admin.token)).find((i) => i.code === 'HP-01')!;
    await t.http.patch(`${GRID}/items/${hp01.id}`).set(bearer(d.admin.token)).send({ timeLimit: 2 }).expect(200);

    await t.http.post('/api/v1/plugins/grid/disable').set(bearer(d.admin.token)).expect(200);
    await t.http.post('/api/v1/plugins/grid/enable').set(bearer(d.admin.token)).expect(200);
    const after = await list(d.admin.token);
    expect(after).toHaveLength(30);
    expect(after.find((i) => i.code === 'HP-01')!.timeLimit).toBe(2);
  });

  it('refuses duplicates, bad values and anyone but the district admin, writing nothing', async () => {
    const before = await list(d.admin.token);
    const body = { code: 'HP-01', category: 'hazard_patrol', name: '重复', timeLimit: 4, handlerType: 'grid' };
    expectError(await t.http.post(`${GRID}/items`).set(bearer(d.admin.token)).send(body), 409, 'GRID_ITEM_CODE_TAKEN');
    const en = await t.http
      .post(`${GRID}/items`)
      .set(bearer(d.admin.token))
      .set('Accept-Language', 'en')
      .send({ ...body, code: 'X-1', timeLimit: 0 });
    expectError(en, 400, 'VALIDATION_FAILED');
    expectError(
      await t.http
        .post(`${GRID}/items`)
        .set(bearer(d.admin.token))
        .send({ ...body, code: 'X-2', category: 'gossip' }),
      400,
      'VALIDATION_FAILED',
    );
    // Street staff read the list but cannot change it.
    expectError(
      await t.http
        .post(`${GRID}/items`)
        .set(bearer(d.streetStaffA.token))
        .send({ ...body, code: 'X-3' }),
      403,
      'FORBIDDEN',
    );
    expectError(
      await t.http.patch(`${GRID}/items/${before[0]!.id}`).set(bearer(d.streetStaffA.token)).send({ active: false }),
      403,
      'FORBIDDEN',
    );
    expect(await list(d.admin.token)).toEqual(before);
  });

  it('keeps each district’s list its own', async () => {
    const other = await provisionTenant(t, 'grid-items-other');
    await t.http.post('/api/v1/plugins/grid/enable').set(bearer(other.adminToken)).expect(200);
    const theirs = await list(other.adminToken);
    expect(theirs).toHaveLength(29);
    expect(theirs.map((i) => i.code)).not.toContain('HP-14');
    const mine = (await list(d.admin.token)).find((i) => i.code === 'HP-14')!;
    expectError(
      await t.http.patch(`${GRID}/items/${mine.id}`).set(bearer(other.adminToken)).send({ active: false }),
      404,
      'NOT_FOUND',
    );
  });
});
