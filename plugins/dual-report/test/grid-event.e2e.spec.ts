import { Clock, TaskExecutor } from '@tongxin/jobs';
import { v7 as uuidv7 } from 'uuid';
import { expectStatus } from '../../../tests/support/expect';
import { OwnerDb } from '../../../tests/support/owner-db';
import { holdsFor, waitFor } from '../../../tests/support/processes';
import {
  bearer,
  buildDistrict,
  enablePlugin,
  provisionTenant,
  type TestApp,
  type TestTenant,
} from '../../../tests/support/test-app';
import { DUAL, dualDistrict, dualInbox, registerMember, startDualApp, type DualDistrict, type Person } from './support';

/**
 * The grid → call event: a grid case marked as needing volunteers opens a need at its community
 * (delivered after the case commits, by the worker); without the flag, or where dual-report is
 * off, nothing; and dual-report works the same in a district without the grid plugin.
 */

const GRID = '/api/v1/plugins/grid';
const HOUR = 3_600_000;

type Call = {
  id: string;
  unitId: string;
  kind: string;
  title: string;
  description: string;
  place: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  postedBy: string | null;
  sourceCaseId: string | null;
};

/** 09:00 Beijing time on the first Friday or Sunday (the default service days) after today there. */
function nextServiceMorning(now: Date): string {
  const bj = new Date(now.getTime() + 8 * HOUR);
  for (let i = 1; ; i++) {
    const day = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate() + i);
    if ([5, 0].includes(new Date(day).getUTCDay())) return new Date(day - 8 * HOUR + 9 * HOUR).toISOString();
  }
}

describe('dual-report calls opened by grid cases', () => {
  let t: TestApp;
  let d: DualDistrict;
  let db: OwnerDb;
  let itemId: string;

  /** The district's item HP-09 (each district has its own copy of the list). */
  const hp09 = async (adminToken: string) => {
    const items = await t.http.get(`${GRID}/items`).set(bearer(adminToken)).expect(200);
    return (items.body.items as { id: string; code: string }[]).find((i) => i.code === 'HP-09')!.id;
  };

  const fileCase = async (
    token: string,
    unitId: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; number: string }> => {
    const res = await t.http
      .post(`${GRID}/cases`)
      .set(bearer(token))
      .send({
        source: 'patrol',
        itemId,
        unitId,
        description: '独居老人家中积水，需帮忙清理',
        address: '幸福小区3号楼1单元',
        ...extra,
      });
    expectStatus(res, 201);
    return res.body;
  };
  const callsFor = (tenantId: string, caseId: string) =>
    db.query<{ id: string }>(tenantId, 'select id from dual_report_calls where source_case_id = $1', [caseId]);
  /** Waits until dual-report's handler has run (and committed) for the case's event: its receipt. */
  const handled = (tenantId: string, caseId: string) =>
    waitFor(`dual-report to handle the event of case ${caseId}`, async () => {
      const rows = await db.query(
        tenantId,
        `select 1 from outbox_messages o join job_receipts r on r.tenant_id = o.tenant_id and r.job_id = o.id || '.dual-report'
          where o.tenant_id = $1 and o.payload->>'caseId' = $2`,
        [tenantId, caseId],
      );
      return rows.length > 0;
    });
  const staffCalls = async (who: Person) =>
    (await t.http.get(`${DUAL}/calls?limit=100`).set(bearer(who.token)).expect(200)).body.items as Call[];

  beforeAll(async () => {
    t = await startDualApp({ withGrid: true });
    db = new OwnerDb();
    d = await dualDistrict(t, 'dgrid', { withGrid: true });
    await registerMember(t, d, d.memberA1, d.communityA.id);
    itemId = await hp09(d.admin.token);
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await t?.close();
  });

  it('a case needing volunteers opens exactly one need at its community on the next service morning, once', async () => {
    const now = t.app.get(Clock, { strict: false }).now();
    const c = await fileCase(d.gridWorkerA.token, d.gridA.id, { needsVolunteers: true });
    const call = await waitFor('the call for the case', async () =>
      (await staffCalls(d.communityStaffA)).find((x) => x.sourceCaseId === c.id),
    );
    expect(call).toMatchObject({
      unitId: d.communityA.id,
      kind: 'need',
      description: '独居老人家中积水，需帮忙清理',
      place: '幸福小区3号楼1单元',
      capacity: 10,
      postedBy: null,
      startsAt: nextServiceMorning(now),
    });
    expect(call.title).toContain(c.number);
    expect(Date.parse(call.endsAt) - Date.parse(call.startsAt)).toBe(3 * HOUR);
    // The community's reported members hear of it like any call.
    const told = await waitFor('the member to be told', async () =>
      (await dualInbox(t, d.memberA1, 'call-posted')).find((n) => n.data.callId === call.id),
    );
    expect(told.title).toContain('社区A1');

    // The same case announced again (a publisher retrying) opens nothing more.
    const [outbox] = await db.query<{ payload: Record<string, unknown> }>(
      d.tenant.id,
      `select payload from outbox_messages where tenant_id = $1 and payload->>'caseId' = $2`,
      [d.tenant.id, c.id],
    );
    const again = await t.app.get(TaskExecutor).execute(
      {
        kind: 'event',
        tenantId: d.tenant.id,
        pluginId: 'dual-report',
        name: 'grid.case-reported',
        version: 1,
        payload: outbox!.payload,
        sourceId: uuidv7(),
        sourcePluginId: 'grid',
        occurredAt: new Date().toISOString(),
      },
      { jobId: `again.${uuidv7()}`, attempt: 1 },
    );
    expect(again).toBe('done');
    await holdsFor('one call for the case', 500, async () => (await callsFor(d.tenant.id, c.id)).length === 1);
  });

  it('a case without the flag, or above any community, opens no call', async () => {
    const c = await fileCase(d.gridWorkerA.token, d.gridA.id);
    await handled(d.tenant.id, c.id);
    expect(await callsFor(d.tenant.id, c.id)).toEqual([]);
    // Filed at the street itself: there is no community to serve it.
    const street = await fileCase(d.streetStaffA.token, d.streetA.id, { needsVolunteers: true });
    await handled(d.tenant.id, street.id);
    expect(await callsFor(d.tenant.id, street.id)).toEqual([]);
  });

  it('a district that switched dual-report off opens none', async () => {
    const tenant: TestTenant = await provisionTenant(t, 'dgrid-off');
    await enablePlugin(t, tenant, 'grid');
    await enablePlugin(t, tenant, 'dual-report');
    const small = await buildDistrict(t, tenant);
    await t.http.post(`${DUAL}/disable`).set(bearer(tenant.adminToken)).expect(200);
    const c = await fileCase(small.gridWorkerA.token, small.gridA.id, {
      needsVolunteers: true,
      itemId: await hp09(tenant.adminToken),
    });
    await waitFor('the event to be handed to the queue', async () => {
      const [row] = await db.query<{ relayed: boolean }>(
        tenant.id,
        `select relayed_at is not null as relayed from outbox_messages where tenant_id = $1 and payload->>'caseId' = $2`,
        [tenant.id, c.id],
      );
      return row?.relayed;
    });
    await holdsFor(
      'no call in the district without dual-report',
      1500,
      async () => (await callsFor(tenant.id, c.id)).length === 0,
    );
  });

  it('in a district without the grid plugin dual-report works as usual', async () => {
    const plain = await dualDistrict(t, 'dgrid-none');
    const startsAt = new Date(t.app.get(Clock, { strict: false }).now().getTime() + 24 * HOUR);
    const res = await t.http
      .post(`${DUAL}/calls`)
      .set(bearer(plain.communityStaffA.token))
      .send({
        unitId: plain.communityA.id,
        kind: 'activity',
        title: '社区读书会',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        capacity: 20,
      });
    expectStatus(res, 201);
    expect((await staffCalls(plain.communityStaffA)).map((c) => c.id)).toEqual([res.body.id]);
    // The grid's routes are off there; dual-report's are not.
    expect((await t.http.get(`${GRID}/items`).set(bearer(plain.admin.token))).body.code).toBe('PLUGIN_DISABLED');
  });
});
