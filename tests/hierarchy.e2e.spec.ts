import { DEMO_ROOT_CODE, zhanheDistrictUnits, type DemoUnitRow } from '../libs/demo/src/zhanhe-district';
import {
  bearer,
  buildDistrict,
  createStaff,
  createUnit,
  PASSWORD,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, expectStatus } from './support/expect';

/** The root unit's code: provisionTenant uses divisionCode 410411. */
const ROOT_CODE = '410411';
const SCOPE_KEYS = ['districtId', 'streetId', 'communityId', 'gridId', 'groupId'] as const;

interface Unit {
  id: string;
  parentId: string | null;
  level: number;
  levelName: string;
  code: string;
  name: string;
  districtId: string;
  streetId: string | null;
  communityId: string | null;
  gridId: string | null;
  groupId: string | null;
}

interface ImportRow {
  code: string;
  name: string;
  parentCode: string;
  level?: number;
  [extra: string]: unknown;
}

interface Problem {
  row: number;
  code: string;
  field?: string;
  message: string;
}

type District = Awaited<ReturnType<typeof buildDistrict>>;

/** Asserts the error envelope; on a mismatch Jest prints the whole body. */
/** Follows nextCursor to the end; fails on a repeated id. */
async function walk<T extends { id: string }>(
  t: TestApp,
  token: string,
  path: string,
  query: Record<string, string | number> = {},
  limit = 200,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await t.http
      .get(path)
      .query({ ...query, limit, ...(cursor ? { cursor } : {}) })
      .set(bearer(token));
    expectStatus(res, 200);
    const page = res.body as { items: T[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    for (const item of page.items) {
      expect(seen.has(item.id)).toBe(false);
      seen.add(item.id);
      items.push(item);
    }
    pages++;
    if (page.nextCursor) expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, pages };
}

const allUnits = (t: TestApp, token: string) => walk<Unit>(t, token, '/api/v1/org-units').then((r) => r.items);

async function getUnit(t: TestApp, token: string, id: string): Promise<Unit> {
  const res = await t.http.get(`/api/v1/org-units/${id}`).set(bearer(token));
  expectStatus(res, 200);
  return res.body as Unit;
}

async function createUser(t: TestApp, token: string, username: string, orgUnitId: string): Promise<{ id: string }> {
  const res = await t.http
    .post('/api/v1/users')
    .set(bearer(token))
    .send({ username, displayName: username, password: PASSWORD, orgUnitId });
  expectStatus(res, 201);
  return res.body as { id: string };
}

async function roleId(t: TestApp, token: string, key: string): Promise<string> {
  const res = await t.http.get('/api/v1/roles?limit=200').set(bearer(token)).expect(200);
  const role = (res.body.items as { id: string; key: string }[]).find((r) => r.key === key);
  if (!role) throw new Error(`no role ${key}`);
  return role.id;
}

/** The zhanhe demo district with its codes re-prefixed, hung under the tenant's root. */
function zhanhe(prefix: string): ImportRow[] {
  const recode = (code: string) =>
    code === DEMO_ROOT_CODE ? ROOT_CODE : `${prefix}${code.slice(DEMO_ROOT_CODE.length)}`;
  return zhanheDistrictUnits().map((r: DemoUnitRow) => ({
    code: recode(r.code),
    name: r.name,
    parentCode: recode(r.parentCode),
    level: r.level,
  }));
}

/** zhanhe plus `extraPerGrid` more party groups under every grid. */
function bigDistrict(prefix: string, extraPerGrid: number): ImportRow[] {
  const rows = zhanhe(prefix);
  const grids = rows.filter((r) => r.level === 4);
  for (const grid of grids) {
    for (let k = 1; k <= extraPerGrid; k++) {
      rows.push({ code: `${grid.code}-X${k}`, name: `${grid.name}增设第${k}党小组`, parentCode: grid.code, level: 5 });
    }
  }
  return rows;
}

const countByLevel = (rows: { level?: number }[]) =>
  rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [String(r.level)]: (acc[String(r.level)] ?? 0) + 1 }), {});

/** Checks a unit's scope columns against its parent's: inherited above its level, itself at it, null below. */
function expectScopeOf(unit: Unit, parent: Unit): void {
  expect(unit.parentId).toBe(parent.id);
  expect(unit.level).toBe(parent.level + 1);
  SCOPE_KEYS.forEach((key, i) => {
    const level = i + 1;
    if (level < unit.level) expect(unit[key]).toBe(parent[key]);
    else if (level === unit.level) expect(unit[key]).toBe(unit.id);
    else expect(unit[key]).toBeNull();
  });
}

describe('the five-level hierarchy', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: District;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenant = await provisionTenant(t, 'hier');
    admin = tenant.adminToken;
    d = await buildDistrict(t, tenant);
  });
  afterAll(() => t.close());

  describe('creating units', () => {
    it('puts a child one level below its parent and fills its scope columns', async () => {
      const community = await getUnit(t, admin, d.communityA.id);
      const res = await t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .send({ parentId: d.communityA.id, code: `${tenant.code}-A1-9`, name: '网格A1-9' });
      expectStatus(res, 201);
      const grid = res.body as Unit;
      expect(grid).toMatchObject({ level: 4, levelName: '网格党支部', code: `${tenant.code}-A1-9`, name: '网格A1-9' });
      expectScopeOf(grid, community);
      expect(grid).toMatchObject({
        districtId: tenant.rootUnitId,
        streetId: d.streetA.id,
        communityId: d.communityA.id,
        gridId: grid.id,
        groupId: null,
      });

      // An explicit level that agrees is accepted; levelName follows Accept-Language.
      const group = await t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .set('Accept-Language', 'en')
        .send({ parentId: grid.id, code: `${tenant.code}-A1-9-1`, name: '党小组A1-9-1', level: 5 });
      expectStatus(group, 201);
      expect(group.body).toMatchObject({
        level: 5,
        levelName: 'Grid party group',
        groupId: group.body.id,
        gridId: grid.id,
      });
    });

    it('refuses a level that disagrees with the parent: 400 LEVEL_MISMATCH, nothing created', async () => {
      const code = `${tenant.code}-mismatch`;
      for (const level of [2, 3, 5]) {
        const res = await t.http
          .post('/api/v1/org-units')
          .set(bearer(admin))
          .send({ parentId: d.communityA.id, code, name: '层级不符', level });
        expectError(res, 400, 'LEVEL_MISMATCH');
        expect(res.body.message).toContain('第 3 级');
      }
      const en = await t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .set('Accept-Language', 'en')
        .send({ parentId: d.streetA.id, code, name: 'x', level: 4 });
      expectError(en, 400, 'LEVEL_MISMATCH');
      expect(en.body.message).toBe('Level must be the parent level + 1 (parent is level 2)');
      const found = await t.http.get('/api/v1/org-units').query({ q: code }).set(bearer(admin)).expect(200);
      expect(found.body.items).toEqual([]);
    });

    it('refuses a child under a level-5 party group: 409 LEVEL_TOO_DEEP', async () => {
      const res = await t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .send({ parentId: d.groupA.id, code: `${tenant.code}-too-deep`, name: '第六级' });
      expectError(res, 409, 'LEVEL_TOO_DEEP');
      const children = await t.http.get(`/api/v1/org-units/${d.groupA.id}/descendants`).set(bearer(admin)).expect(200);
      expect(children.body.items).toEqual([]);
    });

    it('refuses a duplicate code anywhere in the tenant: 409 DUPLICATE', async () => {
      const dup = await t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .send({ parentId: d.streetB.id, code: `${tenant.code}-A1`, name: '重复编码' });
      expectError(dup, 409, 'DUPLICATE');
      expect(dup.body.message).toBe(`code 已存在：${tenant.code}-A1`);
      // The root's code (the division code) is taken too.
      const root = await t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .send({ parentId: d.streetB.id, code: ROOT_CODE, name: '重复编码' });
      expectError(root, 409, 'DUPLICATE');
      const units = await t.http.get('/api/v1/org-units').query({ q: '重复编码' }).set(bearer(admin)).expect(200);
      expect(units.body.items).toEqual([]);
    });

    it('answers an unknown parent with 404 NOT_FOUND', async () => {
      const res = await t.http
        .post('/api/v1/org-units')
        .set(bearer(admin))
        .send({ parentId: '0190a4c0-0000-7000-8000-000000000000', code: `${tenant.code}-orphan`, name: '无上级' });
      expectError(res, 404, 'NOT_FOUND');
      expect(res.body.message).toBe('未找到组织');
    });

    it('has no way to create a second level-1 root', async () => {
      const attempts = [
        { code: `${tenant.code}-root2`, name: '第二个区委' },
        { code: `${tenant.code}-root2`, name: '第二个区委', parentId: null },
        { code: `${tenant.code}-root2`, name: '第二个区委', level: 1 },
        { code: `${tenant.code}-root2`, name: '第二个区委', parentId: '', level: 1 },
      ];
      for (const body of attempts) {
        const res = await t.http.post('/api/v1/org-units').set(bearer(admin)).send(body);
        expectError(res, 400, 'VALIDATION_FAILED');
        expect((res.body.details as { field: string }[]).map((p) => p.field)).toContain('parentId');
      }
      // Nor through the import: a row must name a parent.
      const imported = await t.http
        .post('/api/v1/org-units/import')
        .set(bearer(admin))
        .send({ units: [{ code: `${tenant.code}-root3`, name: '第二个区委', parentCode: '' }] });
      expectError(imported, 400, 'IMPORT_INVALID');
      const roots = await t.http.get('/api/v1/org-units').query({ level: 1 }).set(bearer(admin)).expect(200);
      expect((roots.body.items as Unit[]).map((u) => u.id)).toEqual([tenant.rootUnitId]);
    });
  });

  describe('deleting units', () => {
    it('refuses a unit that still has children: 409 UNIT_HAS_CHILDREN', async () => {
      const res = await t.http.delete(`/api/v1/org-units/${d.gridA.id}`).set(bearer(admin));
      expectError(res, 409, 'UNIT_HAS_CHILDREN');
      await getUnit(t, admin, d.gridA.id);
      await getUnit(t, admin, d.groupA.id);
    });

    it('refuses a unit with an active role assignment: 409 UNIT_HAS_ASSIGNMENTS, until it is revoked', async () => {
      const leaf = await createUnit(t, admin, d.gridA2.id, `${tenant.code}-A1-2-1`, '党小组A1-2-1');
      // The user's home is the community, so only the assignment ties them to the leaf.
      const user = await createUser(t, admin, 'leafleader', d.communityA.id);
      const grant = await t.http
        .post('/api/v1/role-assignments')
        .set(bearer(admin))
        .send({ userId: user.id, roleId: await roleId(t, admin, 'group_staff'), orgUnitId: leaf.id });
      expectStatus(grant, 201);

      const refused = await t.http.delete(`/api/v1/org-units/${leaf.id}`).set(bearer(admin));
      expectError(refused, 409, 'UNIT_HAS_ASSIGNMENTS');
      await getUnit(t, admin, leaf.id);

      await t.http.delete(`/api/v1/role-assignments/${grant.body.id}`).set(bearer(admin)).expect(204);
      const deleted = await t.http.delete(`/api/v1/org-units/${leaf.id}`).set(bearer(admin));
      expectStatus(deleted, 204);
      expectError(await t.http.get(`/api/v1/org-units/${leaf.id}`).set(bearer(admin)), 404, 'NOT_FOUND');
    });

    it('refuses a unit that users still belong to: 409 UNIT_HAS_MEMBERS', async () => {
      const leaf = await createUnit(t, admin, d.gridB.id, `${tenant.code}-B1-1-1`, '党小组B1-1-1');
      await createUser(t, admin, 'groupmember', leaf.id);
      expectError(await t.http.delete(`/api/v1/org-units/${leaf.id}`).set(bearer(admin)), 409, 'UNIT_HAS_MEMBERS');
      await getUnit(t, admin, leaf.id);
    });

    it('never deletes the root: 409 CANNOT_DELETE_ROOT', async () => {
      const res = await t.http.delete(`/api/v1/org-units/${tenant.rootUnitId}`).set(bearer(admin));
      expectError(res, 409, 'CANNOT_DELETE_ROOT');
      expect((await getUnit(t, admin, tenant.rootUnitId)).level).toBe(1);
    });

    it('deletes a leaf: 204, then 404 on read and on a second delete', async () => {
      const leaf = await createUnit(t, admin, d.gridA2.id, `${tenant.code}-A1-2-leaf`, '待删除党小组');
      const res = await t.http.delete(`/api/v1/org-units/${leaf.id}`).set(bearer(admin));
      expectStatus(res, 204);
      expect(res.text).toBe('');
      expectError(await t.http.get(`/api/v1/org-units/${leaf.id}`).set(bearer(admin)), 404, 'NOT_FOUND');
      expectError(await t.http.delete(`/api/v1/org-units/${leaf.id}`).set(bearer(admin)), 404, 'NOT_FOUND');
      const children = await walk<Unit>(t, admin, `/api/v1/org-units/${d.gridA2.id}/descendants`);
      expect(children.items.map((u) => u.id)).not.toContain(leaf.id);
    });
  });

  describe('moving units', () => {
    it('moves a community to another street with its whole subtree, users and assignments', async () => {
      const community = await createUnit(t, admin, d.streetA.id, `${tenant.code}-A9`, '社区A9');
      const grid = await createUnit(t, admin, community.id, `${tenant.code}-A9-1`, '网格A9-1');
      const group = await createUnit(t, admin, grid.id, `${tenant.code}-A9-1-1`, '党小组A9-1-1');
      const worker = await createStaff(t, tenant, 'moverworker', 'grid_worker', grid.id);
      const listedBy = async (token: string) => {
        const res = await t.http.get('/api/v1/users').query({ q: 'moverworker' }).set(bearer(token));
        expectStatus(res, 200);
        return (res.body.items as { id: string }[]).map((u) => u.id);
      };
      expect(await listedBy(d.streetStaffA.token)).toEqual([worker.id]);
      expect(await listedBy(d.streetStaffB.token)).toEqual([]);

      const res = await t.http
        .post(`/api/v1/org-units/${community.id}/move`)
        .set(bearer(admin))
        .send({ parentId: d.streetB.id });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({
        id: community.id,
        parentId: d.streetB.id,
        level: 3,
        streetId: d.streetB.id,
        communityId: community.id,
      });

      const streetB = await getUnit(t, admin, d.streetB.id);
      const movedCommunity = await getUnit(t, admin, community.id);
      const movedGrid = await getUnit(t, admin, grid.id);
      const movedGroup = await getUnit(t, admin, group.id);
      expectScopeOf(movedCommunity, streetB);
      expectScopeOf(movedGrid, movedCommunity);
      expectScopeOf(movedGroup, movedGrid);
      for (const u of [movedCommunity, movedGrid, movedGroup]) expect(u.streetId).toBe(d.streetB.id);

      // The grid's member now belongs to street B's staff, not street A's.
      expect(await listedBy(d.streetStaffB.token)).toEqual([worker.id]);
      expect(await listedBy(d.streetStaffA.token)).toEqual([]);
      await t.http.get(`/api/v1/users/${worker.id}`).set(bearer(d.streetStaffB.token)).expect(200);
      expectError(await t.http.get(`/api/v1/users/${worker.id}`).set(bearer(d.streetStaffA.token)), 404, 'NOT_FOUND');
      // So does their assignment, which still lets the worker read their grid.
      const assignments = await t.http
        .get('/api/v1/role-assignments')
        .query({ userId: worker.id })
        .set(bearer(d.streetStaffB.token))
        .expect(200);
      expect(assignments.body.items).toHaveLength(1);
      const assignmentsA = await t.http
        .get('/api/v1/role-assignments')
        .query({ userId: worker.id })
        .set(bearer(d.streetStaffA.token))
        .expect(200);
      expect(assignmentsA.body.items).toEqual([]);
      await t.http.get(`/api/v1/org-units/${group.id}`).set(bearer(worker.token)).expect(200);
      // The units themselves moved out of street A's sight and into street B's.
      expectError(
        await t.http.get(`/api/v1/org-units/${group.id}`).set(bearer(d.streetStaffA.token)),
        404,
        'NOT_FOUND',
      );
      await t.http.get(`/api/v1/org-units/${group.id}`).set(bearer(d.streetStaffB.token)).expect(200);

      const ancestors = await t.http.get(`/api/v1/org-units/${group.id}/ancestors`).set(bearer(admin)).expect(200);
      expect((ancestors.body as Unit[]).map((u) => u.id)).toEqual([
        tenant.rootUnitId,
        d.streetB.id,
        community.id,
        grid.id,
      ]);
      const underA = await walk<Unit>(t, admin, `/api/v1/org-units/${d.streetA.id}/descendants`);
      const underB = await walk<Unit>(t, admin, `/api/v1/org-units/${d.streetB.id}/descendants`);
      for (const id of [community.id, grid.id, group.id]) {
        expect(underA.items.map((u) => u.id)).not.toContain(id);
        expect(underB.items.map((u) => u.id)).toContain(id);
      }
    });

    it('refuses a new parent on the wrong level: 409 INVALID_MOVE', async () => {
      for (const parentId of [tenant.rootUnitId, d.communityB.id, d.gridB.id, d.communityA.id]) {
        const res = await t.http
          .post(`/api/v1/org-units/${d.communityA.id}/move`)
          .set(bearer(admin))
          .send({ parentId });
        expectError(res, 409, 'INVALID_MOVE');
        expect(res.body.message).toBe('新上级必须是第 2 级组织');
      }
      const grid = await t.http
        .post(`/api/v1/org-units/${d.gridA.id}/move`)
        .set(bearer(admin))
        .send({ parentId: d.streetB.id });
      expectError(grid, 409, 'INVALID_MOVE');
      expect(await getUnit(t, admin, d.communityA.id)).toMatchObject({
        parentId: d.streetA.id,
        streetId: d.streetA.id,
      });
      expect(await getUnit(t, admin, d.gridA.id)).toMatchObject({ parentId: d.communityA.id, streetId: d.streetA.id });
    });

    it('never moves the root: 409 CANNOT_MOVE_ROOT', async () => {
      const res = await t.http
        .post(`/api/v1/org-units/${tenant.rootUnitId}/move`)
        .set(bearer(admin))
        .send({ parentId: d.streetA.id });
      expectError(res, 409, 'CANNOT_MOVE_ROOT');
      expect(await getUnit(t, admin, tenant.rootUnitId)).toMatchObject({ parentId: null, level: 1 });
    });

    it('answers an unknown new parent with 404', async () => {
      const res = await t.http
        .post(`/api/v1/org-units/${d.communityA.id}/move`)
        .set(bearer(admin))
        .send({ parentId: '0190a4c0-0000-7000-8000-000000000001' });
      expectError(res, 404, 'NOT_FOUND');
    });
  });

  describe('descendants and ancestors', () => {
    const prefix = 'DESC';
    let street: Unit;
    const byCode = new Map<string, Unit>();

    beforeAll(async () => {
      const rows: ImportRow[] = [{ code: prefix, name: '遍历街道', parentCode: ROOT_CODE }];
      for (let c = 1; c <= 3; c++) {
        rows.push({ code: `${prefix}-${c}`, name: `遍历社区${c}`, parentCode: prefix });
        for (let g = 1; g <= 4; g++) {
          rows.push({ code: `${prefix}-${c}-${g}`, name: `遍历网格${c}-${g}`, parentCode: `${prefix}-${c}` });
          for (let p = 1; p <= 2; p++)
            rows.push({
              code: `${prefix}-${c}-${g}-${p}`,
              name: `遍历党小组${c}-${g}-${p}`,
              parentCode: `${prefix}-${c}-${g}`,
            });
        }
      }
      const res = await t.http.post('/api/v1/org-units/import').set(bearer(admin)).send({ units: rows });
      expectStatus(res, 201);
      expect(res.body).toEqual({ created: 40, byLevel: { '2': 1, '3': 3, '4': 12, '5': 24 } });
      for (const u of (await walk<Unit>(t, admin, '/api/v1/org-units', { q: prefix })).items) byCode.set(u.code, u);
      street = byCode.get(prefix)!;
    });

    it('lists the whole subtree below a unit, page by page, without repeats', async () => {
      const { items, pages } = await walk<Unit>(t, admin, `/api/v1/org-units/${street.id}/descendants`, {}, 7);
      expect(pages).toBe(6); // 39 units, 7 a page
      expect(items).toHaveLength(39);
      expect(new Set(items.map((u) => u.code))).toEqual(new Set([...byCode.keys()].filter((c) => c !== prefix)));
      expect(items.every((u) => u.streetId === street.id)).toBe(true);
    });

    it('filters descendants by level, with pagination', async () => {
      const grids = await walk<Unit>(t, admin, `/api/v1/org-units/${street.id}/descendants`, { level: 4 }, 5);
      expect(grids.pages).toBe(3);
      expect(grids.items.map((u) => u.code).sort()).toEqual(
        [...byCode.values()]
          .filter((u) => u.level === 4)
          .map((u) => u.code)
          .sort(),
      );
      const groups = await walk<Unit>(t, admin, `/api/v1/org-units/${street.id}/descendants`, { level: 5 }, 6);
      expect(groups.pages).toBe(4); // exactly 24: the last full page has no next cursor
      expect(groups.items).toHaveLength(24);
      expect(groups.items.every((u) => u.level === 5)).toBe(true);
      const community = byCode.get(`${prefix}-2`)!;
      const inCommunity = await walk<Unit>(t, admin, `/api/v1/org-units/${community.id}/descendants`, { level: 5 }, 3);
      expect(inCommunity.items.map((u) => u.code).sort()).toEqual(
        [...byCode.keys()].filter((c) => c.startsWith(`${prefix}-2-`) && c.split('-').length === 4).sort(),
      );
      const none = await t.http
        .get(`/api/v1/org-units/${street.id}/descendants`)
        .query({ level: 2 })
        .set(bearer(admin))
        .expect(200);
      expect(none.body).toEqual({ items: [], nextCursor: null });
      const leaf = await t.http
        .get(`/api/v1/org-units/${byCode.get(`${prefix}-1-1-1`)!.id}/descendants`)
        .set(bearer(admin))
        .expect(200);
      expect(leaf.body).toEqual({ items: [], nextCursor: null });
    });

    it('lists ancestors from the root down to the parent', async () => {
      const group = byCode.get(`${prefix}-3-4-2`)!;
      const res = await t.http.get(`/api/v1/org-units/${group.id}/ancestors`).set(bearer(admin)).expect(200);
      const chain = res.body as Unit[];
      expect(chain.map((u) => u.level)).toEqual([1, 2, 3, 4]);
      expect(chain.map((u) => u.id)).toEqual([
        tenant.rootUnitId,
        street.id,
        byCode.get(`${prefix}-3`)!.id,
        byCode.get(`${prefix}-3-4`)!.id,
      ]);
      const ofStreet = await t.http.get(`/api/v1/org-units/${street.id}/ancestors`).set(bearer(admin)).expect(200);
      expect((ofStreet.body as Unit[]).map((u) => u.id)).toEqual([tenant.rootUnitId]);
      const ofRoot = await t.http
        .get(`/api/v1/org-units/${tenant.rootUnitId}/ancestors`)
        .set(bearer(admin))
        .expect(200);
      expect(ofRoot.body).toEqual([]);
    });
  });

  describe('bulk import', () => {
    it('imports a whole district of 2,000+ units in one JSON request', async () => {
      const bulk = await provisionTenant(t, 'bulk');
      // Children before parents: the importer must order the writes itself.
      const rows = bigDistrict('ZH', 3).reverse();
      expect(rows.length).toBeGreaterThanOrEqual(2000);
      const expectedByLevel = countByLevel(rows);
      expect(expectedByLevel).toMatchObject({ '2': 9, '3': 36, '4': 344 });

      const res = await t.http.post('/api/v1/org-units/import').set(bearer(bulk.adminToken)).send({ units: rows });
      expectStatus(res, 201);
      expect(res.body).toEqual({ created: rows.length, byLevel: expectedByLevel });

      const units = await allUnits(t, bulk.adminToken);
      expect(units).toHaveLength(rows.length + 1);
      const byCode = new Map(units.map((u) => [u.code, u]));
      const root = byCode.get(ROOT_CODE)!;
      expect(root).toMatchObject({ id: bulk.rootUnitId, level: 1, parentId: null });
      for (const row of rows) {
        const unit = byCode.get(row.code);
        expect(unit).toMatchObject({ name: row.name, level: row.level });
        expectScopeOf(unit!, byCode.get(row.parentCode)!);
        expect(unit!.districtId).toBe(bulk.rootUnitId);
      }
      for (const level of [2, 3, 4, 5]) {
        const atLevel = await walk<Unit>(t, bulk.adminToken, '/api/v1/org-units', { level });
        expect(atLevel.items).toHaveLength(expectedByLevel[String(level)]!);
      }
    });

    it('imports a small district from CSV', async () => {
      const csv = [
        '\uFEFFcode,name,parent_code,level',
        `CSV-1,"湛南街道党工委, 试点",${ROOT_CODE},2`,
        'CSV-1-1,湛南社区党委,CSV-1,3',
        'CSV-1-1-1,湛南社区第1网格党支部,CSV-1-1,',
        'CSV-1-1-1-1,第1党小组,CSV-1-1-1,5',
        'CSV-1-1-1-2,第2党小组,CSV-1-1-1,',
        'CSV-1-2,"曙光街社区党委 ""新""",CSV-1,3',
        '',
      ].join('\r\n');
      const res = await t.http
        .post('/api/v1/org-units/import/csv')
        .set(bearer(admin))
        .set('Content-Type', 'text/csv; charset=utf-8')
        .send(csv);
      expectStatus(res, 201);
      expect(res.body).toEqual({ created: 6, byLevel: { '2': 1, '3': 2, '4': 1, '5': 2 }, encoding: 'utf-8' });
      const units = new Map(
        (await walk<Unit>(t, admin, '/api/v1/org-units', { q: 'CSV-' })).items.map((u) => [u.code, u]),
      );
      expect(units.size).toBe(6);
      expect(units.get('CSV-1')).toMatchObject({ name: '湛南街道党工委, 试点', level: 2, parentId: tenant.rootUnitId });
      expect(units.get('CSV-1-2')).toMatchObject({ name: '曙光街社区党委 "新"', level: 3 });
      expectScopeOf(units.get('CSV-1-1-1-2')!, units.get('CSV-1-1-1')!);
      expectScopeOf(units.get('CSV-1-1-1')!, units.get('CSV-1-1')!);
    });

    it('writes nothing when any row is bad, and reports every bad row', async () => {
      const before = await allUnits(t, admin);
      const rows = bigDistrict('BAD', 2);
      // Rows 1..N are good; the bad ones are spliced in at known positions.
      const grid = rows.find((r) => r.level === 4)!;
      const group = rows.find((r) => r.level === 5)!;
      const gridWithChildren = rows.filter((r) => r.level === 4)[5]!;
      const bad: { row: ImportRow; code: string; field?: string }[] = [
        {
          row: { code: 'BAD-NOPARENT', name: '上级不存在', parentCode: 'NO-SUCH-UNIT' },
          code: 'PARENT_NOT_FOUND',
          field: 'parentCode',
        },
        {
          row: { code: rows[40]!.code, name: '文件内重复', parentCode: rows[40]!.parentCode },
          code: 'DUPLICATE_IN_FILE',
          field: 'code',
        },
        {
          row: { code: `${tenant.code}-A1`, name: '编码已存在', parentCode: grid.code },
          code: 'CODE_EXISTS',
          field: 'code',
        },
        {
          row: { code: 'BAD-LEVEL', name: '层级不符', parentCode: grid.code, level: 3 },
          code: 'LEVEL_MISMATCH',
          field: 'level',
        },
        { row: { code: 'BAD-CYCLE-A', name: '循环A', parentCode: 'BAD-CYCLE-B' }, code: 'CYCLE', field: 'parentCode' },
        { row: { code: 'BAD-CYCLE-B', name: '循环B', parentCode: 'BAD-CYCLE-A' }, code: 'CYCLE', field: 'parentCode' },
        {
          row: { code: 'BAD-DEEP', name: '第六级', parentCode: group.code },
          code: 'LEVEL_TOO_DEEP',
          field: 'parentCode',
        },
        {
          row: { code: 'BAD-DEEP-DB', name: '第六级', parentCode: `${tenant.code}-A1-1-1` },
          code: 'LEVEL_TOO_DEEP',
          field: 'parentCode',
        },
        {
          row: { code: 'BAD-FIELD', name: '多余字段', parentCode: grid.code, color: 'red' },
          code: 'UNKNOWN_FIELD',
          field: 'color',
        },
        {
          row: { code: 'bad code!', name: '编码格式错误', parentCode: grid.code },
          code: 'CODE_INVALID',
          field: 'code',
        },
        {
          row: {
            code: 'BAD-LEVEL-TYPE',
            name: '层级类型错误',
            parentCode: grid.code,
            level: 'three' as unknown as number,
          },
          code: 'LEVEL_INVALID',
          field: 'level',
        },
      ];
      // Name too long, on a grid whose party groups are in the file: only the grid is at fault.
      const longName = { code: gridWithChildren.code, name: '长'.repeat(101), parentCode: gridWithChildren.parentCode };
      const units: ImportRow[] = [...rows];
      units.splice(units.indexOf(gridWithChildren), 1, longName);
      const positions = [3, 100, 500, 777, 901, 1200, 1500, 1700, 1800, 1900, units.length];
      bad.forEach((b, i) => units.splice(positions[i]!, 0, b.row));
      expect(units.length).toBeGreaterThanOrEqual(1900);
      const expected = [...bad, { row: longName, code: 'NAME_INVALID', field: 'name' }].map((b) => ({
        row: units.indexOf(b.row) + 1,
        code: b.code,
        field: b.field,
        unit: b.row.code,
      }));

      const res = await t.http.post('/api/v1/org-units/import').set(bearer(admin)).send({ units });
      expectError(res, 400, 'IMPORT_INVALID');
      const details = res.body.details as Problem[];
      for (const e of expected) {
        expect(units[e.row - 1]!.code).toBe(e.unit);
        expect(details).toContainEqual(
          expect.objectContaining({ row: e.row, code: e.code, field: e.field, message: expect.any(String) }),
        );
      }
      // No good row is blamed, and the message counts the bad rows.
      expect([...new Set(details.map((p) => p.row))].sort((a, b) => a - b)).toEqual(
        expected.map((e) => e.row).sort((a, b) => a - b),
      );
      expect(details.map((p) => p.row)).toEqual([...details.map((p) => p.row)].sort((a, b) => a - b));
      expect(res.body.message).toBe(`导入数据有 ${expected.length} 行错误，未写入任何数据`);

      const after = await allUnits(t, admin);
      expect(after.map((u) => u.id).sort()).toEqual(before.map((u) => u.id).sort());
      for (const code of ['BAD', 'BAD-01', rows[0]!.code, grid.code, group.code, rows[rows.length - 1]!.code]) {
        const found = await t.http.get('/api/v1/org-units').query({ q: code }).set(bearer(admin)).expect(200);
        expect((found.body.items as Unit[]).filter((u) => u.code === code)).toEqual([]);
      }
    });

    it('reports problems in English on request', async () => {
      const res = await t.http
        .post('/api/v1/org-units/import')
        .set(bearer(admin))
        .set('Accept-Language', 'en')
        .send({ units: [{ code: 'EN-1', name: 'x', parentCode: 'NOPE' }] });
      expectError(res, 400, 'IMPORT_INVALID');
      expect(res.body.message).toBe('1 rows are invalid; nothing was written');
      expect(res.body.details).toEqual([
        { row: 1, code: 'PARENT_NOT_FOUND', field: 'parentCode', message: 'No unit has the parent code' },
      ]);
    });

    it('refuses malformed CSV: 400 MALFORMED_CSV, nothing written', async () => {
      const before = await allUnits(t, admin);
      const bodies = [
        `code,name,parent_code,level\nMAL-1,"未闭合引号,${ROOT_CODE},2\n`,
        `code,name,parent_code,level\nMAL-2,多一列,${ROOT_CODE},2,extra\n`,
      ];
      for (const body of bodies) {
        const res = await t.http
          .post('/api/v1/org-units/import/csv')
          .set(bearer(admin))
          .set('Content-Type', 'text/csv')
          .send(body);
        expectError(res, 400, 'MALFORMED_CSV');
        expect(res.body.message).toMatch(/^CSV 内容无法解析：/);
      }
      // A JSON body on the CSV route is refused for its type, naming the one the route takes.
      const json = await t.http.post('/api/v1/org-units/import/csv').set(bearer(admin)).send({ units: [] });
      expectError(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(json.body.details).toEqual({ accepted: ['text/csv'] });
      // An unknown column is reported on every row, as an unknown field is in JSON.
      const extra = await t.http
        .post('/api/v1/org-units/import/csv')
        .set(bearer(admin))
        .set('Content-Type', 'text/csv')
        .send(`code,name,parent_code,colour\nCOL-1,多余列,${ROOT_CODE},red\n`);
      expectError(extra, 400, 'IMPORT_INVALID');
      expect(extra.body.details).toEqual([expect.objectContaining({ row: 1, code: 'UNKNOWN_FIELD', field: 'colour' })]);
      expect((await allUnits(t, admin)).length).toBe(before.length);
    });

    it('reports parents under another street as not found for street staff, writing nothing', async () => {
      const before = await allUnits(t, admin);
      const units = [
        { code: 'OOS-A', name: '本街道社区', parentCode: `${tenant.code}-A` },
        { code: 'OOS-B', name: '他街道社区', parentCode: `${tenant.code}-B` },
        { code: 'OOS-B-1', name: '他街道网格', parentCode: 'OOS-B' },
        { code: 'OOS-B1-9', name: '他街道网格', parentCode: `${tenant.code}-B1` },
        { code: 'OOS-ROOT', name: '新街道', parentCode: ROOT_CODE },
      ];
      const res = await t.http.post('/api/v1/org-units/import').set(bearer(d.streetStaffA.token)).send({ units });
      expectError(res, 400, 'IMPORT_INVALID');
      // Units they cannot read are not theirs to learn about: the same answer as a code that does not exist.
      expect(res.body.details).toEqual([
        expect.objectContaining({ row: 2, code: 'PARENT_NOT_FOUND', field: 'parentCode' }),
        expect.objectContaining({ row: 4, code: 'PARENT_NOT_FOUND', field: 'parentCode' }),
        expect.objectContaining({ row: 5, code: 'PARENT_NOT_FOUND', field: 'parentCode' }),
      ]);

      // Someone who may read the whole district but write only street A is told the parent is out of scope.
      const reader = await createStaff(t, tenant, 'oosreader', 'district_staff', tenant.rootUnitId);
      await t.http
        .post('/api/v1/role-assignments')
        .set(bearer(admin))
        .send({ userId: reader.id, roleId: await roleId(t, admin, 'street_staff'), orgUnitId: d.streetA.id })
        .expect(201);
      const seen = await t.http.post('/api/v1/org-units/import').set(bearer(reader.token)).send({ units });
      expectError(seen, 400, 'IMPORT_INVALID');
      expect(seen.body.details).toEqual([
        expect.objectContaining({ row: 2, code: 'PARENT_OUT_OF_SCOPE', field: 'parentCode' }),
        expect.objectContaining({ row: 4, code: 'PARENT_OUT_OF_SCOPE', field: 'parentCode' }),
        expect.objectContaining({ row: 5, code: 'PARENT_OUT_OF_SCOPE', field: 'parentCode' }),
      ]);
      expect((await allUnits(t, admin)).map((u) => u.id).sort()).toEqual(before.map((u) => u.id).sort());
      const found = await t.http.get('/api/v1/org-units').query({ q: 'OOS-' }).set(bearer(admin)).expect(200);
      expect(found.body.items).toEqual([]);

      // Within their own street the same staff member may import.
      const own = await t.http
        .post('/api/v1/org-units/import')
        .set(bearer(d.streetStaffA.token))
        .send({ units: [units[0]] });
      expectStatus(own, 201);
      expect(own.body).toEqual({ created: 1, byLevel: { '3': 1 } });
    });
  });
});
