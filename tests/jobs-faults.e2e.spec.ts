import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import probe from './fixtures/plugins/probe/src/index';
import probeListener from './fixtures/plugins/probe-listener/src/index';
import { expectError, expectStatus } from './support/expect';
import { OwnerDb } from './support/owner-db';
import {
  ensureBuilt,
  freePort,
  holdsFor,
  startRedis,
  startWorker,
  stopAllProcesses,
  waitFor,
  type Child,
  type RedisServer,
} from './support/processes';
import {
  bearer,
  enablePlugin,
  operatorToken,
  provisionTenant,
  startTestApp,
  TEST_REDIS_URL,
  type TestApp,
  type TestTenant,
} from './support/test-app';
import { APP_URL } from './support/test-database-urls';

/**
 * The job system under real faults, against the machine's PostgreSQL and Redis: Redis down while
 * requests write, a worker killed mid-job, a worker restarted around a timer's due time, event
 * fan-out across tenants, the PostgreSQL queue backend, and failed jobs in the operators' API.
 * Every effect is counted in the database: once is the promise, never twice, never zero.
 */
/** Per test and hook: generous, since processes start and stall detection takes seconds. */
const TIMEOUT = 60_000;

const db = new OwnerDb();
const label = (prefix: string) => `${prefix}-${uuidv7().slice(-12)}`;

/** POST /api/v1/plugins/probe/records as the tenant admin at the district root; returns the record id. */
async function record(
  t: TestApp,
  tenant: TestTenant,
  body: { label: string; remindInMs?: number; holdMs?: number; failTimes?: number },
): Promise<string> {
  const res = await t.http
    .post('/api/v1/plugins/probe/records')
    .set(bearer(tenant.adminToken))
    .send({ unitId: tenant.rootUnitId, ...body });
  expectStatus(res, 201);
  return res.body.id as string;
}

/** Waits until every origin in `expected` has at least its count, then returns what is there. */
function originsReach(tenant: TestTenant, text: string, expected: Record<string, number>, timeoutMs = 15_000) {
  return waitFor(
    `probe rows ${JSON.stringify(expected)} for "${text}"`,
    async () => {
      const got = await db.probeOrigins(tenant.id, text);
      if (Object.entries(expected).every(([origin, n]) => (got[origin] ?? 0) >= n)) return got;
      throw new Error(`rows so far: ${JSON.stringify(got)}`);
    },
    { timeoutMs },
  );
}

/** The outbox row the probe wrote for this record's `echo` job: its id is the BullMQ job id. */
async function echoJobId(tenant: TestTenant, text: string): Promise<string> {
  const rows = await db.query<{ id: string }>(
    tenant.id,
    `select id from outbox_messages where kind = 'job' and name = 'echo' and payload->>'label' = $1`,
    [text],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

async function receipts(tenant: TestTenant, jobId: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    tenant.id,
    'select count(*)::int as n from job_receipts where job_id = $1',
    [jobId],
  );
  return rows[0]!.n;
}

const tasksQueue = (t: TestApp) => t.app.get<Queue>(getQueueToken('tongxin-tasks'), { strict: false });

afterAll(async () => {
  await stopAllProcesses();
  await db.close();
}, TIMEOUT);

/**
 * A Redis of the describe block's own (so the test can kill and restart it), an app on it with the
 * probe, and a tenant that enabled the probe. Registers the block's beforeAll and afterAll.
 */
function withOwnRedis(prefix: string, options: { worker: boolean }) {
  const ctx = {} as { redis: RedisServer; t: TestApp; tenant: TestTenant };
  beforeAll(async () => {
    ctx.redis = await startRedis(await freePort());
    ctx.t = await startTestApp(
      {},
      { plugins: [probe], worker: options.worker, queue: { kind: 'redis', url: ctx.redis.url } },
    );
    ctx.tenant = await provisionTenant(ctx.t, prefix);
    await enablePlugin(ctx.t, ctx.tenant, 'probe');
  }, TIMEOUT);
  afterAll(async () => {
    await ctx.t?.close();
    await ctx.redis?.stop();
  }, TIMEOUT);
  return ctx;
}

describe('Redis goes away while a request writes', () => {
  const ctx = withOwnRedis('rd', { worker: true });

  it(
    'answers 201 with Redis down and runs the job and event exactly once when Redis is back',
    async () => {
      const { t, tenant } = ctx;
      // Healthy first: the follow-up work runs while Redis is up.
      const before = label('up');
      await record(t, tenant, { label: before });
      await originsReach(tenant, before, { request: 1, job: 1, event: 1 });

      await ctx.redis.stop('SIGKILL');
      const text = label('down');
      await record(t, tenant, { label: text });
      // The change committed; its job and event wait in the outbox.
      expect(await db.probeOrigins(tenant.id, text)).toEqual({ request: 1 });
      const list = await t.http.get('/api/v1/plugins/probe/records').set(bearer(tenant.adminToken));
      expectStatus(list, 200);
      expect((list.body as { label: string }[]).filter((r) => r.label === text)).toHaveLength(1);

      // Back on the same port, empty (no persistence): whatever was queued before is gone too.
      ctx.redis = await startRedis(ctx.redis.port);
      await originsReach(tenant, text, { request: 1, job: 1, event: 1 });
      let pending: unknown[] = [];
      await waitFor(
        'the outbox to drain',
        async () => {
          pending = await db.query(
            tenant.id,
            `select id, kind, created_at from outbox_messages where tenant_id = $1 and relayed_at is null`,
            [tenant.id],
          );
          return pending.length === 0;
        },
        { timeoutMs: 20_000 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}; still pending: ${JSON.stringify(pending)}`);
      });
      await holdsFor('one job row and one event row', 1500, async () => {
        const got = await db.probeOrigins(tenant.id, text);
        return got.request === 1 && got.job === 1 && got.event === 1;
      });
      expect(await db.probeOrigins(tenant.id, text)).toEqual({ request: 1, job: 1, event: 1 });
      expect(await db.probeOrigins(tenant.id, before)).toEqual({ request: 1, job: 1, event: 1 });
    },
    TIMEOUT,
  );
});

describe('Redis goes away, and no worker runs to sweep', () => {
  // The API alone: whatever reaches the queue after the outage, its own retry put there.
  const ctx = withOwnRedis('rn', { worker: false });

  it(
    'hands the follow-up work over as soon as Redis is back',
    async () => {
      const { t, tenant } = ctx;
      await ctx.redis.stop('SIGKILL');
      const text = label('nosweep');
      await record(t, tenant, { label: text });
      const id = await echoJobId(tenant, text);
      ctx.redis = await startRedis(ctx.redis.port);
      await waitFor('the job to reach the queue', async () => (await tasksQueue(t).getJob(id)) !== undefined);
      // The relay adds the job first and marks its outbox row relayed in its own commit after.
      await waitFor('the outbox row to be marked relayed', async () => {
        const [relayed] = await db.query<{ relayed_at: Date | null }>(
          tenant.id,
          'select relayed_at from outbox_messages where tenant_id = $1 and id = $2',
          [tenant.id, id],
        );
        return relayed?.relayed_at != null;
      });
    },
    TIMEOUT,
  );
});

describe('with the worker in its own process', () => {
  const queuePrefix = `faults-${uuidv7()}`;
  let t: TestApp;
  let tenant: TestTenant;
  const workers: Child[] = [];
  const worker = async () => {
    const w = await startWorker({ redisUrl: TEST_REDIS_URL, queuePrefix });
    workers.push(w);
    return w;
  };

  beforeAll(async () => {
    ensureBuilt();
    t = await startTestApp({}, { plugins: [probe], worker: false, queuePrefix });
    tenant = await provisionTenant(t, 'wk');
    await enablePlugin(t, tenant, 'probe');
  }, TIMEOUT);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  }, TIMEOUT);

  afterAll(async () => {
    await t?.close();
  }, TIMEOUT);

  it(
    'a worker killed -9 mid-job leaves no trace; the next worker runs the job exactly once',
    async () => {
      const first = await worker();
      const text = label('kill');
      await record(t, tenant, { label: text, holdMs: 4000 });
      const jobId = await echoJobId(tenant, text);
      const tasks = tasksQueue(t);
      await waitFor('the worker to take the echo job', async () => (await tasks.getJobState(jobId)) === 'active');

      await first.stop('SIGKILL');
      // The killed transaction rolled back: no job row, no receipt.
      expect((await db.probeOrigins(tenant.id, text)).job).toBeUndefined();
      expect(await receipts(tenant, jobId)).toBe(0);

      await worker();
      await waitFor(
        'the job to complete on the second worker',
        async () => (await tasks.getJobState(jobId)) === 'completed',
        {
          timeoutMs: 30_000,
        },
      );
      expect(await db.probeOrigins(tenant.id, text)).toEqual({ request: 1, job: 1, event: 1 });
      expect(await receipts(tenant, jobId)).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'a timer fires once, not before it is due, across a worker killed before its due time',
    async () => {
      const first = await worker();
      const text = label('timer');
      const recordId = await record(t, tenant, { label: text, remindInMs: 4000 });
      const [timer] = await db.query<{ id: string; due_at: Date }>(
        tenant.id,
        `select id, due_at from durable_timers where plugin_id = 'probe' and name = 'remind' and key = $1`,
        [recordId],
      );
      expect(timer).toBeDefined();
      // The worker is alive and working: the record's job and event ran.
      await originsReach(tenant, text, { job: 1, event: 1 });

      await first.stop('SIGKILL');
      expect(Date.now()).toBeLessThan(timer!.due_at.getTime());
      expect(await db.probeOrigins(tenant.id, recordId)).toEqual({});

      // Two workers at once: both sweep, only one may fire.
      await Promise.all([worker(), worker()]);
      await originsReach(tenant, recordId, { timer: 1 }, 30_000);
      await holdsFor('one timer row', 1500, async () => (await db.probeOrigins(tenant.id, recordId)).timer === 1);

      const rows = await db.query<{ created_at: Date }>(
        tenant.id,
        `select created_at from probe_records where origin = 'timer' and label = $1`,
        [recordId],
      );
      expect(rows).toHaveLength(1);
      const [after] = await db.query<{ fired_at: Date | null; due_at: Date }>(
        tenant.id,
        'select fired_at, due_at from durable_timers where id = $1',
        [timer!.id],
      );
      expect(after!.fired_at).not.toBeNull();
      expect(after!.fired_at!.getTime()).toBeGreaterThanOrEqual(after!.due_at.getTime());
      expect(rows[0]!.created_at.getTime()).toBeGreaterThanOrEqual(after!.due_at.getTime());
    },
    TIMEOUT,
  );
});

describe('events across tenants', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe, probeListener], worker: true });
  }, TIMEOUT);

  afterAll(async () => {
    await t?.close();
  }, TIMEOUT);

  it(
    'reach only the tenants that enabled the subscriber',
    async () => {
      const a = await provisionTenant(t, 'eva');
      const b = await provisionTenant(t, 'evb');
      await enablePlugin(t, a, 'probe');
      await enablePlugin(t, a, 'probe-listener');
      await enablePlugin(t, b, 'probe');

      const textA = label('eva');
      const textB = label('evb');
      await record(t, a, { label: textA });
      await record(t, b, { label: textB });

      const hits = (tenant: TestTenant) =>
        db.query<{ event_id: string; label: string }>(tenant.id, 'select event_id, label from probe_listener_hits');
      await waitFor('the listener hit in tenant A', async () => (await hits(a)).length > 0);
      await originsReach(a, textA, { event: 1, job: 1 });
      await originsReach(b, textB, { event: 1, job: 1 });

      // Tenant B's delivery to the listener was handed to the worker and dropped there, not run.
      const [event] = await db.query<{ id: string }>(
        b.id,
        `select id from outbox_messages where kind = 'event' and payload->>'label' = $1`,
        [textB],
      );
      const delivery = await waitFor('tenant B listener delivery to finish', async () => {
        const job = await tasksQueue(t).getJob(`${event!.id}.probe-listener`);
        return job && (await job.isCompleted()) && job;
      });
      expect(delivery.returnvalue).toBe('skipped');

      const [eventA] = await db.query<{ id: string }>(
        a.id,
        `select id from outbox_messages where kind = 'event' and payload->>'label' = $1`,
        [textA],
      );
      expect(await hits(a)).toEqual([{ event_id: eventA!.id, label: textA }]);
      expect(await hits(b)).toEqual([]);
      expect(await db.probeOrigins(b.id, textB)).toEqual({ request: 1, job: 1, event: 1 });
    },
    TIMEOUT,
  );
});

describe('the PostgreSQL queue backend', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe], worker: true, queue: { kind: 'postgres', url: APP_URL } });
  }, TIMEOUT);

  afterAll(async () => {
    await t?.close();
  }, TIMEOUT);

  it(
    'runs a request’s job, event and timer exactly once without Redis',
    async () => {
      const tenant = await provisionTenant(t, 'pgq');
      await enablePlugin(t, tenant, 'probe');
      const text = label('pg');
      const recordId = await record(t, tenant, { label: text, remindInMs: 1500 });

      await originsReach(tenant, text, { request: 1, job: 1, event: 1 });
      await originsReach(tenant, recordId, { timer: 1 });
      await holdsFor('each effect once', 1500, async () => {
        const got = await db.probeOrigins(tenant.id, text);
        const timer = await db.probeOrigins(tenant.id, recordId);
        return got.job === 1 && got.event === 1 && timer.timer === 1;
      });
      const [timer] = await db.query<{ fired_at: Date | null; due_at: Date }>(
        tenant.id,
        `select fired_at, due_at from durable_timers where plugin_id = 'probe' and key = $1`,
        [recordId],
      );
      expect(timer!.fired_at).not.toBeNull();
      expect(timer!.fired_at!.getTime()).toBeGreaterThanOrEqual(timer!.due_at.getTime());
    },
    TIMEOUT,
  );
});

describe('failed jobs for platform operators', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { plugins: [probe], worker: true });
  }, TIMEOUT);

  afterAll(async () => {
    await t?.close();
  }, TIMEOUT);

  it(
    'lists a job that used up its attempts, with its reason, and retries it',
    async () => {
      const tenant = await provisionTenant(t, 'fail');
      await enablePlugin(t, tenant, 'probe');
      const ops = await operatorToken(t);
      const text = label('fail');
      // echo has 3 attempts; failing the first 3 fails the job, the operator's retry is attempt 4.
      await record(t, tenant, { label: text, failTimes: 3 });
      const jobId = await echoJobId(tenant, text);

      type Failed = { queue: string; id: string; name: string; tenantId: string; pluginId: string } & Record<
        string,
        unknown
      >;
      const failed = await waitFor('the job in the failed list', async () => {
        const res = await t.http.get('/api/v1/platform/jobs/failed?limit=200').set(bearer(ops));
        expectStatus(res, 200);
        return (res.body.items as Failed[]).find((j) => j.id === jobId);
      });
      expect(failed).toEqual(
        expect.objectContaining({
          queue: 'tongxin-tasks',
          name: 'job:probe.echo',
          tenantId: tenant.id,
          pluginId: 'probe',
          failedReason: 'probe failure 3',
          attemptsMade: 3,
        }),
      );
      // Each failed attempt rolled back: no job row, no receipt.
      expect(await db.probeOrigins(tenant.id, text)).toEqual({ request: 1, event: 1 });
      expect(await receipts(tenant, jobId)).toBe(0);

      // Tenants never see the platform's queues.
      expectError(
        await t.http.get('/api/v1/platform/jobs/failed').set(bearer(tenant.adminToken)),
        403,
        'PLATFORM_ONLY',
      );
      expectError(
        await t.http.post(`/api/v1/platform/jobs/tongxin-tasks/${jobId}/retry`).set(bearer(tenant.adminToken)),
        403,
        'PLATFORM_ONLY',
      );
      expectError(await t.http.get('/api/v1/platform/jobs/failed'), 401, 'UNAUTHENTICATED');

      const retried = await t.http.post(`/api/v1/platform/jobs/tongxin-tasks/${jobId}/retry`).set(bearer(ops));
      expectStatus(retried, 200);
      expect(retried.body).toEqual(expect.objectContaining({ id: jobId, tenantId: tenant.id }));

      await originsReach(tenant, text, { job: 1 });
      await waitFor(
        'the retried job to complete',
        async () => (await tasksQueue(t).getJobState(jobId)) === 'completed',
      );
      expect(await db.probeOrigins(tenant.id, text)).toEqual({ request: 1, job: 1, event: 1 });
      expect(await receipts(tenant, jobId)).toBe(1);
      const after = await t.http.get('/api/v1/platform/jobs/failed?limit=200').set(bearer(ops));
      expect((after.body.items as Failed[]).some((j) => j.id === jobId)).toBe(false);

      // Only failed jobs can be retried; unknown jobs and queues are 404.
      expectError(
        await t.http.post(`/api/v1/platform/jobs/tongxin-tasks/${jobId}/retry`).set(bearer(ops)),
        409,
        'JOB_NOT_FAILED',
      );
      expectError(
        await t.http.post(`/api/v1/platform/jobs/tongxin-tasks/${uuidv7()}/retry`).set(bearer(ops)),
        404,
        'JOB_NOT_FOUND',
      );
      expectError(
        await t.http.post(`/api/v1/platform/jobs/no-such-queue/${jobId}/retry`).set(bearer(ops)),
        404,
        'JOB_NOT_FOUND',
      );
    },
    TIMEOUT,
  );
});
