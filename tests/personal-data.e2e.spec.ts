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

/**
 * Phones of staff and of partner bodies' contacts: in full for the person themselves and for
 * those who manage the record; masked for those who may only read it.
 */
describe('personal data in core lists', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let d: Awaited<ReturnType<typeof buildDistrict>>;
  let colleague: { id: string; token: string };
  let districtStaff: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [] });
    tenant = await provisionTenant(t, 'pii');
    d = await buildDistrict(t, tenant);
    colleague = await createStaff(t, tenant, 'workerA-2', 'grid_worker', d.gridA.id);
    districtStaff = await createStaff(t, tenant, 'districtStaff', 'district_staff', tenant.rootUnitId);
    for (const [id, phone] of [
      [d.gridWorkerA.id, '13812345678'],
      [colleague.id, '13987654321'],
    ] as const) {
      expectStatus(await t.http.patch(`/api/v1/users/${id}`).set(bearer(tenant.adminToken)).send({ phone }), 200);
    }
  });
  afterAll(() => t?.close());

  const phonesSeenBy = async (token: string) => {
    const res = await t.http.get(`/api/v1/users?orgUnitId=${d.gridA.id}&limit=100`).set(bearer(token));
    expectStatus(res, 200);
    return Object.fromEntries((res.body.items as { id: string; phone: string | null }[]).map((u) => [u.id, u.phone]));
  };

  it('shows a grid worker their own phone and a colleague’s masked, in the list and one by one', async () => {
    const seen = await phonesSeenBy(d.gridWorkerA.token);
    expect(seen[d.gridWorkerA.id]).toBe('13812345678');
    expect(seen[colleague.id]).toBe('139****4321');
    const one = await t.http.get(`/api/v1/users/${colleague.id}`).set(bearer(d.gridWorkerA.token));
    expectStatus(one, 200);
    expect(one.body.phone).toBe('139****4321');
  });

  it('shows the phones in full to those who manage the accounts, masked to district staff who only read', async () => {
    expect(await phonesSeenBy(d.communityStaffA.token)).toMatchObject({ [colleague.id]: '13987654321' });
    expect(await phonesSeenBy(districtStaff.token)).toMatchObject({ [colleague.id]: '139****4321' });
  });

  it('masks a partner body’s contact phone for those who only read partner bodies', async () => {
    const created = await t.http
      .post('/api/v1/partner-bodies')
      .set(bearer(tenant.adminToken))
      .send({ type: 'unit', name: '区税务局', contactName: '王科长', contactPhone: '0375-1234567' });
    expectStatus(created, 201);
    expect(created.body.contactPhone).toBe('0375-1234567');
    const read = await t.http.get(`/api/v1/partner-bodies/${created.body.id}`).set(bearer(districtStaff.token));
    expectStatus(read, 200);
    expect(read.body.contactPhone).toBe('037****4567');
    const list = await t.http.get('/api/v1/partner-bodies?limit=100').set(bearer(districtStaff.token));
    expect(list.body.items.find((p: { id: string }) => p.id === created.body.id).contactPhone).toBe('037****4567');
  });
});
