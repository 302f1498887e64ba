import type { Response } from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import {
  bearer,
  buildDistrict,
  createStaff,
  createUnit,
  login,
  PASSWORD,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { expectError, listAll } from './support/expect';

/**
 * Scope inside one tenant: a role assigned at a unit covers that unit's subtree and nothing else.
 * Out-of-scope rows answer 404 (existence does not leak); in-scope rows the caller may read but not
 * change answer 403; routes whose permission the caller holds nowhere answer 403 FORBIDDEN.
 */

type District = Awaited<ReturnType<typeof buildDistrict>>;

/** Follows nextCursor through every page of a list endpoint (limit=200), returning all items. */
const idsOf = async (t: TestApp, token: string, path: string) =>
  (await listAll(t, token, path)).map((r) => r.id as string).sort();
const sorted = (ids: string[]) => [...ids].sort();

const expectNotFound = (res: Response) => expectError(res, 404, 'NOT_FOUND');
const expectForbidden = (res: Response) => expectError(res, 403, 'FORBIDDEN');
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });

describe('scope within a tenant', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: District;
  let roleIds: Map<string, string>;
  /** Partner bodies: linked to community A1, linked to street B, and unlinked (district-wide). */
  let pbA: string;
  let pbB: string;
  let pbDistrict: string;
  let unitSeq = 0;

  const adminTok = () => tenant.adminToken;
  const streetATok = () => d.streetStaffA.token;
  const nextCode = () => `${tenant.code}-n${++unitSeq}`;
  const assignmentsOf = async (userId: string) =>
    (await listAll(t, adminTok(), `/api/v1/role-assignments?userId=${userId}`)) as {
      id: string;
      roleId: string;
      orgUnitId: string;
    }[];

  async function createPartner(orgUnitId: string | undefined, name: string): Promise<string> {
    const res = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(adminTok()))
      .send({ type: 'property_company', name, ...(orgUnitId ? { orgUnitId } : {}) })
      .expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    // The core's scope alone: no plugin installed, so roles grant only core permissions (what a
    // plugin adds to who may grant what is tests/role-grants.e2e.spec.ts's).
    t = await startTestApp({}, { plugins: [] });
    tenant = await provisionTenant(t, 'scope');
    d = await buildDistrict(t, tenant);
    const roles = (await t.http.get('/api/v1/roles?limit=200').set(bearer(adminTok())).expect(200)).body.items as {
      id: string;
      key: string;
    }[];
    roleIds = new Map(roles.map((r) => [r.key, r.id]));
    pbA = await createPartner(d.communityA.id, '社区A1物业');
    pbB = await createPartner(d.streetB.id, '街道B物业');
    pbDistrict = await createPartner(undefined, '全区物业');
  }, 120_000);
  afterAll(() => t?.close());

  describe('street A staff and street B', () => {
    it('cannot see street B’s units by id, in the list, or through descendants', async () => {
      for (const id of [d.streetB.id, d.communityB.id, d.gridB.id, tenant.rootUnitId]) {
        expectNotFound(await t.http.get(`/api/v1/org-units/${id}`).set(bearer(streetATok())));
      }
      expectNotFound(await t.http.get(`/api/v1/org-units/${d.streetB.id}/descendants`).set(bearer(streetATok())));
      expectNotFound(await t.http.get(`/api/v1/org-units/${d.communityB.id}/ancestors`).set(bearer(streetATok())));
      expect(await idsOf(t, streetATok(), '/api/v1/org-units')).toEqual(
        sorted([d.streetA.id, d.communityA.id, d.gridA.id, d.gridA2.id, d.groupA.id]),
      );
      // Filters naming street B's units do not widen the list either.
      expect(await idsOf(t, streetATok(), `/api/v1/org-units?parentId=${d.streetB.id}`)).toEqual([]);
    });

    it('sees street A’s subtree through descendants', async () => {
      expect(await idsOf(t, streetATok(), `/api/v1/org-units/${d.streetA.id}/descendants`)).toEqual(
        sorted([d.communityA.id, d.gridA.id, d.gridA2.id, d.groupA.id]),
      );
    });

    it('cannot see street B’s users', async () => {
      for (const id of [d.streetStaffB.id, tenant.adminUserId]) {
        expectNotFound(await t.http.get(`/api/v1/users/${id}`).set(bearer(streetATok())));
      }
      expect(await idsOf(t, streetATok(), '/api/v1/users')).toEqual(
        sorted([d.streetStaffA.id, d.communityStaffA.id, d.gridWorkerA.id]),
      );
      expectNotFound(await t.http.get(`/api/v1/users?orgUnitId=${d.streetB.id}`).set(bearer(streetATok())));
      expectNotFound(
        await t.http.patch(`/api/v1/users/${d.streetStaffB.id}`).set(bearer(streetATok())).send({ displayName: 'x' }),
      );
      expectNotFound(
        await t.http
          .post(`/api/v1/users/${d.streetStaffB.id}/reset-password`)
          .set(bearer(streetATok()))
          .send({ password: 'Changed-2026' }),
      );
    });

    it('cannot see street B’s role assignments', async () => {
      const [bAssignment] = await assignmentsOf(d.streetStaffB.id);
      expect(bAssignment).toBeDefined();
      expectNotFound(await t.http.get(`/api/v1/role-assignments/${bAssignment!.id}`).set(bearer(streetATok())));
      expectNotFound(await t.http.delete(`/api/v1/role-assignments/${bAssignment!.id}`).set(bearer(streetATok())));
      const visible = await idsOf(t, streetATok(), '/api/v1/role-assignments?includeRevoked=true');
      expect(visible).not.toContain(bAssignment!.id);
      const expected = [
        ...(await assignmentsOf(d.streetStaffA.id)),
        ...(await assignmentsOf(d.communityStaffA.id)),
        ...(await assignmentsOf(d.gridWorkerA.id)),
      ].map((a) => a.id);
      expect(visible).toEqual(sorted(expected));
      expectNotFound(await t.http.get(`/api/v1/role-assignments?orgUnitId=${d.streetB.id}`).set(bearer(streetATok())));
      expect(await listAll(t, streetATok(), `/api/v1/role-assignments?userId=${d.streetStaffB.id}`)).toEqual([]);
    });

    it('cannot see partner bodies linked to street B, nor district-wide ones', async () => {
      for (const id of [pbB, pbDistrict]) {
        expectNotFound(await t.http.get(`/api/v1/partner-bodies/${id}`).set(bearer(streetATok())));
        expectNotFound(
          await t.http.patch(`/api/v1/partner-bodies/${id}`).set(bearer(streetATok())).send({ name: 'x' }),
        );
        expectNotFound(await t.http.delete(`/api/v1/partner-bodies/${id}`).set(bearer(streetATok())));
      }
      await t.http.get(`/api/v1/partner-bodies/${pbA}`).set(bearer(streetATok())).expect(200);
      expect(await idsOf(t, streetATok(), '/api/v1/partner-bodies')).toEqual([pbA]);
      expectNotFound(
        await t.http
          .post('/api/v1/partner-bodies')
          .set(bearer(streetATok()))
          .send({ type: 'unit', name: 'x', orgUnitId: d.communityB.id }),
      );
      // Street B's staff, symmetrically, see only theirs.
      expect(await idsOf(t, d.streetStaffB.token, '/api/v1/partner-bodies')).toEqual([pbB]);
    });

    it('cannot link users to street B’s partner body: 404, exactly like a body that does not exist', async () => {
      const create = (username: string, partnerBodyId: string) =>
        t.http
          .post('/api/v1/users')
          .set(bearer(streetATok()))
          .send({ username, displayName: username, password: PASSWORD, orgUnitId: d.communityA.id, partnerBodyId });
      const outOfScope = await create('linked-b', pbB);
      const missing = await create('linked-none', uuidv7());
      expectNotFound(outOfScope);
      expect(withoutRequestId(outOfScope.body)).toEqual(withoutRequestId(missing.body));
      const patch = await t.http
        .patch(`/api/v1/users/${d.gridWorkerA.id}`)
        .set(bearer(streetATok()))
        .send({ partnerBodyId: pbB });
      expectNotFound(patch);
      expect(await listAll(t, adminTok(), `/api/v1/users?partnerBodyId=${pbB}`)).toEqual([]);
      // Its own street's body is fine.
      const linked = await create('linked-a', pbA);
      expect(linked.status).toBe(201);
      expect(linked.body.partnerBodyId).toBe(pbA);
    });
  });

  describe('street A staff writing', () => {
    it('can create within street A', async () => {
      const grid = await t.http
        .post('/api/v1/org-units')
        .set(bearer(streetATok()))
        .send({ parentId: d.communityA.id, code: nextCode(), name: '新网格' });
      expect(grid.status).toBe(201);
      expect(grid.body).toMatchObject({
        parentId: d.communityA.id,
        level: 4,
        streetId: d.streetA.id,
        communityId: d.communityA.id,
      });
      await t.http.get(`/api/v1/org-units/${grid.body.id}`).set(bearer(streetATok())).expect(200);
      const user = await t.http
        .post('/api/v1/users')
        .set(bearer(streetATok()))
        .send({ username: `u-${unitSeq}`, displayName: '网格员', password: PASSWORD, orgUnitId: grid.body.id });
      expect(user.status).toBe(201);
      const pb = await t.http
        .post('/api/v1/partner-bodies')
        .set(bearer(streetATok()))
        .send({ type: 'unit', name: '驻区单位', orgUnitId: d.communityA.id });
      expect(pb.status).toBe(201);
    });

    it('cannot create under street B: 404, nothing created', async () => {
      const code = nextCode();
      expectNotFound(
        await t.http
          .post('/api/v1/org-units')
          .set(bearer(streetATok()))
          .send({ parentId: d.streetB.id, code, name: 'x' }),
      );
      expectNotFound(
        await t.http
          .post('/api/v1/org-units')
          .set(bearer(streetATok()))
          .send({ parentId: d.communityB.id, code, name: 'x' }),
      );
      expectNotFound(
        await t.http
          .post('/api/v1/org-units')
          .set(bearer(streetATok()))
          .send({ parentId: tenant.rootUnitId, code, name: 'x' }),
      );
      expectNotFound(
        await t.http
          .post('/api/v1/users')
          .set(bearer(streetATok()))
          .send({ username: 'intruder', displayName: 'x', password: PASSWORD, orgUnitId: d.gridB.id }),
      );
      expect(await listAll(t, adminTok(), `/api/v1/org-units?q=${encodeURIComponent(code)}`)).toEqual([]);
      expect(await listAll(t, adminTok(), '/api/v1/users?q=intruder')).toEqual([]);
    });

    it('cannot change or delete street B’s units', async () => {
      expectNotFound(
        await t.http.patch(`/api/v1/org-units/${d.gridB.id}`).set(bearer(streetATok())).send({ name: 'hijacked' }),
      );
      expectNotFound(await t.http.delete(`/api/v1/org-units/${d.gridB.id}`).set(bearer(streetATok())));
      const gridB = await t.http.get(`/api/v1/org-units/${d.gridB.id}`).set(bearer(adminTok())).expect(200);
      expect(gridB.body.name).toBe('网格B1-1');
    });

    it('cannot move a unit of street A under street B, nor street B’s under street A', async () => {
      expectNotFound(
        await t.http
          .post(`/api/v1/org-units/${d.gridA2.id}/move`)
          .set(bearer(streetATok()))
          .send({ parentId: d.communityB.id }),
      );
      expectNotFound(
        await t.http
          .post(`/api/v1/org-units/${d.gridB.id}/move`)
          .set(bearer(streetATok()))
          .send({ parentId: d.communityA.id }),
      );
      const gridA2 = await t.http.get(`/api/v1/org-units/${d.gridA2.id}`).set(bearer(adminTok())).expect(200);
      expect(gridA2.body).toMatchObject({
        parentId: d.communityA.id,
        streetId: d.streetA.id,
        communityId: d.communityA.id,
      });
      const gridB = await t.http.get(`/api/v1/org-units/${d.gridB.id}`).set(bearer(adminTok())).expect(200);
      expect(gridB.body).toMatchObject({ parentId: d.communityB.id, streetId: d.streetB.id });
    });
  });

  describe('a grid worker (workerA at grid A1-1)', () => {
    it('lists only grid A1-1 and its party group', async () => {
      expect(await idsOf(t, d.gridWorkerA.token, '/api/v1/org-units')).toEqual(sorted([d.gridA.id, d.groupA.id]));
      expect(await idsOf(t, d.gridWorkerA.token, `/api/v1/org-units/${d.gridA.id}/descendants`)).toEqual([d.groupA.id]);
    });

    it('gets 404 for the sibling grid and everything above its own', async () => {
      for (const id of [d.gridA2.id, d.communityA.id, d.streetA.id, tenant.rootUnitId, d.gridB.id]) {
        expectNotFound(await t.http.get(`/api/v1/org-units/${id}`).set(bearer(d.gridWorkerA.token)));
      }
      expectNotFound(await t.http.get(`/api/v1/org-units/${d.gridA2.id}/descendants`).set(bearer(d.gridWorkerA.token)));
      expectNotFound(await t.http.get(`/api/v1/org-units/${d.gridA2.id}/ancestors`).set(bearer(d.gridWorkerA.token)));
    });

    it('sees its grid’s ancestors from the root down, in order', async () => {
      const res = await t.http
        .get(`/api/v1/org-units/${d.gridA.id}/ancestors`)
        .set(bearer(d.gridWorkerA.token))
        .expect(200);
      expect((res.body as { id: string }[]).map((u) => u.id)).toEqual([
        tenant.rootUnitId,
        d.streetA.id,
        d.communityA.id,
      ]);
      expect((res.body as { level: number }[]).map((u) => u.level)).toEqual([1, 2, 3]);
      const group = await t.http
        .get(`/api/v1/org-units/${d.groupA.id}/ancestors`)
        .set(bearer(d.gridWorkerA.token))
        .expect(200);
      expect((group.body as { id: string }[]).map((u) => u.id)).toEqual([
        tenant.rootUnitId,
        d.streetA.id,
        d.communityA.id,
        d.gridA.id,
      ]);
    });

    it('cannot create or change anything: 403 FORBIDDEN', async () => {
      const tok = d.gridWorkerA.token;
      expectForbidden(
        await t.http
          .post('/api/v1/org-units')
          .set(bearer(tok))
          .send({ parentId: d.gridA.id, code: nextCode(), name: 'x' }),
      );
      expectForbidden(
        await t.http
          .post('/api/v1/users')
          .set(bearer(tok))
          .send({ username: 'byworker', displayName: 'x', password: PASSWORD, orgUnitId: d.gridA.id }),
      );
      expectForbidden(
        await t.http
          .post('/api/v1/partner-bodies')
          .set(bearer(tok))
          .send({ type: 'unit', name: 'x', orgUnitId: d.gridA.id }),
      );
      expectForbidden(
        await t.http
          .post('/api/v1/roles')
          .set(bearer(tok))
          .send({ key: 'by_worker', nameZh: 'x', nameEn: 'x', permissions: ['org.read'] }),
      );
      expectForbidden(
        await t.http
          .post('/api/v1/role-assignments')
          .set(bearer(tok))
          .send({ userId: d.gridWorkerA.id, roleId: roleIds.get('grid_worker'), orgUnitId: d.groupA.id }),
      );
      expectForbidden(await t.http.patch(`/api/v1/org-units/${d.gridA.id}`).set(bearer(tok)).send({ name: 'x' }));
      expectForbidden(
        await t.http.post(`/api/v1/org-units/${d.groupA.id}/move`).set(bearer(tok)).send({ parentId: d.gridA2.id }),
      );
      expectForbidden(await t.http.delete(`/api/v1/org-units/${d.groupA.id}`).set(bearer(tok)));
      expectForbidden(
        await t.http.patch(`/api/v1/users/${d.gridWorkerA.id}`).set(bearer(tok)).send({ displayName: 'x' }),
      );
      const group = await t.http.get(`/api/v1/org-units/${d.groupA.id}`).set(bearer(adminTok())).expect(200);
      expect(group.body.parentId).toBe(d.gridA.id);
    });
  });

  describe('community A1 staff', () => {
    it('see every grid under community A1 and nothing of other communities', async () => {
      const tok = d.communityStaffA.token;
      const listed = await listAll(t, tok, '/api/v1/org-units');
      expect(listed.every((u) => u.communityId === d.communityA.id)).toBe(true);
      const ids = listed.map((u) => u.id);
      for (const id of [d.communityA.id, d.gridA.id, d.gridA2.id, d.groupA.id]) expect(ids).toContain(id);
      for (const id of [d.communityB.id, d.gridB.id, d.streetA.id, d.streetB.id, tenant.rootUnitId])
        expect(ids).not.toContain(id);
      // The grids below community A1 are exactly what the admin sees there.
      const grids = await idsOf(t, tok, '/api/v1/org-units?level=4');
      expect(grids).toEqual(await idsOf(t, adminTok(), `/api/v1/org-units?level=4&parentId=${d.communityA.id}`));
      expect(grids).toEqual(expect.arrayContaining([d.gridA.id, d.gridA2.id]));
      for (const id of [d.gridA.id, d.gridA2.id, d.groupA.id])
        await t.http.get(`/api/v1/org-units/${id}`).set(bearer(tok)).expect(200);
      for (const id of [d.communityB.id, d.gridB.id, d.streetA.id])
        expectNotFound(await t.http.get(`/api/v1/org-units/${id}`).set(bearer(tok)));
    });

    it('do not see a sibling community, even one in their own street', async () => {
      // A second community in street A: a sibling, so outside community A1's subtree.
      const sibling = await createUnit(t, adminTok(), d.streetA.id, nextCode(), '社区A2');
      const siblingGrid = await createUnit(t, adminTok(), sibling.id, nextCode(), '网格A2-1');
      const tok = d.communityStaffA.token;
      for (const id of [sibling.id, siblingGrid.id])
        expectNotFound(await t.http.get(`/api/v1/org-units/${id}`).set(bearer(tok)));
      expect(await idsOf(t, tok, '/api/v1/org-units')).not.toContain(siblingGrid.id);
      // Street A staff do see it.
      await t.http.get(`/api/v1/org-units/${siblingGrid.id}`).set(bearer(streetATok())).expect(200);
    });
  });

  describe('granting roles', () => {
    it('at a street B unit answers 404, exactly like a unit that does not exist', async () => {
      const send = (orgUnitId: string) =>
        t.http
          .post('/api/v1/role-assignments')
          .set(bearer(streetATok()))
          .send({ userId: d.gridWorkerA.id, roleId: roleIds.get('grid_worker'), orgUnitId });
      const outOfScope = await send(d.gridB.id);
      const missing = await send(uuidv7());
      expectNotFound(outOfScope);
      expect(withoutRequestId(outOfScope.body)).toEqual(withoutRequestId(missing.body));
      // A street B user at a street A unit: the user is out of scope too.
      expectNotFound(
        await t.http
          .post('/api/v1/role-assignments')
          .set(bearer(streetATok()))
          .send({ userId: d.streetStaffB.id, roleId: roleIds.get('grid_worker'), orgUnitId: d.gridA.id }),
      );
      expect((await assignmentsOf(d.gridWorkerA.id)).map((a) => a.orgUnitId)).not.toContain(d.gridB.id);
      expect(await assignmentsOf(d.streetStaffB.id)).toHaveLength(1);
    });

    it('of district_admin at a street A unit answers 403 PERMISSION_NOT_HELD', async () => {
      const res = await t.http
        .post('/api/v1/role-assignments')
        .set(bearer(streetATok()))
        .set('Accept-Language', 'en')
        .send({ userId: d.gridWorkerA.id, roleId: roleIds.get('district_admin'), orgUnitId: d.streetA.id });
      expectError(res, 403, 'PERMISSION_NOT_HELD');
      // Street staff hold neither role.write nor audit.read: whichever is named, it is one they lack.
      expect(res.body.message).toMatch(/^You cannot grant a permission you do not hold: (role\.write|audit\.read)$/);
      expect((await assignmentsOf(d.gridWorkerA.id)).map((a) => a.roleId)).not.toContain(roleIds.get('district_admin'));
    });

    describe('of community_staff at community A1 to a street A user', () => {
      let delegate: { id: string; token: string };
      let communityGrant: string;
      let memberGrant: string;

      it('answers 201', async () => {
        const user = await t.http
          .post('/api/v1/users')
          .set(bearer(streetATok()))
          .send({ username: 'delegateA1', displayName: '社区A1委员', password: PASSWORD, orgUnitId: d.communityA.id })
          .expect(201);
        const res = await t.http
          .post('/api/v1/role-assignments')
          .set(bearer(streetATok()))
          .send({ userId: user.body.id, roleId: roleIds.get('community_staff'), orgUnitId: d.communityA.id });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          userId: user.body.id,
          orgUnitId: d.communityA.id,
          grantedBy: d.streetStaffA.id,
          revokedAt: null,
        });
        communityGrant = res.body.id;
        // And a narrower role at grid A1-2, so revoking one leaves the other.
        const member = await t.http
          .post('/api/v1/role-assignments')
          .set(bearer(streetATok()))
          .send({ userId: user.body.id, roleId: roleIds.get('party_member'), orgUnitId: d.gridA2.id })
          .expect(201);
        memberGrant = member.body.id;
        delegate = { id: user.body.id, token: await login(t, tenant.code, 'delegateA1') };
      });

      it('lets that user act on community A1 only', async () => {
        const tok = delegate.token;
        const listed = await listAll(t, tok, '/api/v1/org-units');
        expect(listed.length).toBeGreaterThanOrEqual(4);
        expect(listed.every((u) => u.communityId === d.communityA.id)).toBe(true);
        await t.http.get(`/api/v1/org-units/${d.communityA.id}`).set(bearer(tok)).expect(200);
        for (const id of [d.streetA.id, d.communityB.id, d.gridB.id])
          expectNotFound(await t.http.get(`/api/v1/org-units/${id}`).set(bearer(tok)));
        const grid = await t.http
          .post('/api/v1/org-units')
          .set(bearer(tok))
          .send({ parentId: d.communityA.id, code: nextCode(), name: '委员建网格' });
        expect(grid.status).toBe(201);
        expectNotFound(
          await t.http
            .post('/api/v1/org-units')
            .set(bearer(tok))
            .send({ parentId: d.streetA.id, code: nextCode(), name: 'x' }),
        );
        expectNotFound(
          await t.http
            .post('/api/v1/org-units')
            .set(bearer(tok))
            .send({ parentId: d.communityB.id, code: nextCode(), name: 'x' }),
        );
        // Community staff may not hand out street-level roles, nor act on street A's own staff.
        expectNotFound(
          await t.http
            .post('/api/v1/role-assignments')
            .set(bearer(tok))
            .send({ userId: delegate.id, roleId: roleIds.get('street_staff'), orgUnitId: d.streetA.id }),
        );
        expectNotFound(await t.http.get(`/api/v1/users/${d.streetStaffA.id}`).set(bearer(tok)));
      });

      it('revoking it removes the access on the user’s next request', async () => {
        const tok = delegate.token;
        await t.http.delete(`/api/v1/role-assignments/${communityGrant}`).set(bearer(streetATok())).expect(204);
        // Same token, next request: only the party_member grant at grid A1-2 is left.
        expect(await idsOf(t, tok, '/api/v1/org-units')).toEqual([d.gridA2.id]);
        expectNotFound(await t.http.get(`/api/v1/org-units/${d.communityA.id}`).set(bearer(tok)));
        expectNotFound(await t.http.get(`/api/v1/org-units/${d.gridA.id}`).set(bearer(tok)));
        expectForbidden(
          await t.http
            .post('/api/v1/org-units')
            .set(bearer(tok))
            .send({ parentId: d.communityA.id, code: nextCode(), name: 'x' }),
        );
        expectForbidden(await t.http.get('/api/v1/users').set(bearer(tok)));
        // The revoked row is kept for the record.
        const kept = await t.http
          .get(`/api/v1/role-assignments/${communityGrant}`)
          .set(bearer(streetATok()))
          .expect(200);
        expect(kept.body.revokedAt).not.toBeNull();

        await t.http.delete(`/api/v1/role-assignments/${memberGrant}`).set(bearer(streetATok())).expect(204);
        expectForbidden(await t.http.get('/api/v1/org-units').set(bearer(tok)));
        expectForbidden(await t.http.get(`/api/v1/org-units/${d.gridA2.id}`).set(bearer(tok)));
      });
    });
  });

  describe('custom roles', () => {
    it('street staff creating one: 403 FORBIDDEN (role.write is held nowhere)', async () => {
      const res = await t.http
        .post('/api/v1/roles')
        .set(bearer(streetATok()))
        .send({ key: 'street_made', nameZh: '街道自建', nameEn: 'Street made', permissions: ['org.read'] });
      expectForbidden(res);
    });

    it('a role writer assigned below the district: 403 OUT_OF_SCOPE', async () => {
      const editor = await t.http
        .post('/api/v1/roles')
        .set(bearer(adminTok()))
        .send({
          key: 'role_editor',
          nameZh: '角色维护',
          nameEn: 'Role editor',
          permissions: ['role.read', 'role.write'],
        })
        .expect(201);
      roleIds.set('role_editor', editor.body.id);
      const streetEditor = await createStaff(t, tenant, 'roleEditorA', 'role_editor', d.streetA.id);
      const res = await t.http
        .post('/api/v1/roles')
        .set(bearer(streetEditor.token))
        .send({ key: 'street_made', nameZh: '街道自建', nameEn: 'Street made', permissions: ['role.read'] });
      expectError(res, 403, 'OUT_OF_SCOPE');
      expectError(
        await t.http.patch(`/api/v1/roles/${editor.body.id}`).set(bearer(streetEditor.token)).send({ nameZh: 'x' }),
        403,
        'OUT_OF_SCOPE',
      );
      expectError(
        await t.http.delete(`/api/v1/roles/${editor.body.id}`).set(bearer(streetEditor.token)),
        403,
        'OUT_OF_SCOPE',
      );
      const roles = (await t.http.get('/api/v1/roles?limit=200').set(bearer(adminTok())).expect(200)).body.items as {
        key: string;
      }[];
      expect(roles.map((r) => r.key)).not.toContain('street_made');
    });

    it('a district-wide role writer may only include permissions they hold', async () => {
      const districtEditor = await createStaff(t, tenant, 'roleEditorRoot', 'role_editor', tenant.rootUnitId);
      const send = (key: string, permissions: string[]) =>
        t.http
          .post('/api/v1/roles')
          .set(bearer(districtEditor.token))
          .send({ key, nameZh: key, nameEn: key, permissions });
      expectError(await send('with_audit', ['role.read', 'audit.read']), 403, 'PERMISSION_NOT_HELD');
      expectError(await send('with_org', ['org.read']), 403, 'PERMISSION_NOT_HELD');
      expect((await send('read_roles', ['role.read'])).status).toBe(201);
    });

    it('the admin naming an unknown permission: 400 UNKNOWN_PERMISSION', async () => {
      const res = await t.http
        .post('/api/v1/roles')
        .set(bearer(adminTok()))
        .send({ key: 'with_unknown', nameZh: '未知', nameEn: 'Unknown', permissions: ['org.read', 'org.destroy'] });
      expectError(res, 400, 'UNKNOWN_PERMISSION');
      expect(res.body.message).toContain('org.destroy');
      const roles = (await t.http.get('/api/v1/roles?limit=200').set(bearer(adminTok())).expect(200)).body.items as {
        key: string;
      }[];
      expect(roles.map((r) => r.key)).not.toContain('with_unknown');
    });
  });

  describe('managing accounts of people who hold more than you', () => {
    it('street staff cannot reset, disable or revoke the roles of a district admin whose home unit is in their street', async () => {
      const boss = await createStaff(t, tenant, 'boss', 'district_admin', tenant.rootUnitId);
      await t.http
        .patch(`/api/v1/users/${boss.id}`)
        .set(bearer(adminTok()))
        .send({ orgUnitId: d.communityA.id })
        .expect(200);

      const reset = await t.http
        .post(`/api/v1/users/${boss.id}/reset-password`)
        .set(bearer(streetATok()))
        .send({ password: 'Takeover-2026' });
      expectError(reset, 403, 'USER_OUTRANKS_CALLER');
      const disable = await t.http
        .patch(`/api/v1/users/${boss.id}`)
        .set(bearer(streetATok()))
        .send({ status: 'disabled' });
      expectError(disable, 403, 'USER_OUTRANKS_CALLER');
      // The boss still logs in with their own password and keeps district-wide powers.
      const bossToken = await login(t, tenant.code, 'boss');
      await t.http.get('/api/v1/audit-events').set(bearer(bossToken)).expect(200);
      const loginWithTakeover = await t.http
        .post('/api/v1/auth/login')
        .send({ tenantCode: tenant.code, username: 'boss', password: 'Takeover-2026' });
      expect(loginWithTakeover.status).toBe(401);
    });

    it('street staff cannot revoke a role stronger than theirs granted inside their street', async () => {
      const strong = await createStaff(t, tenant, 'strongA', 'district_admin', d.communityA.id);
      const [grant] = await assignmentsOf(strong.id);
      expectError(
        await t.http.delete(`/api/v1/role-assignments/${grant!.id}`).set(bearer(streetATok())),
        403,
        'PERMISSION_NOT_HELD',
      );
      expect(await assignmentsOf(strong.id)).toHaveLength(1);
    });

    it('street staff can still reset the password of a grid worker in their street', async () => {
      const worker = await createStaff(t, tenant, 'workerA2', 'grid_worker', d.gridA.id);
      await t.http
        .post(`/api/v1/users/${worker.id}/reset-password`)
        .set(bearer(streetATok()))
        .send({ password: 'NewPass-2026' })
        .expect(200);
      await login(t, tenant.code, 'workerA2', 'NewPass-2026');
    });
  });
});
