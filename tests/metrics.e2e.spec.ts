import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { TASKS_QUEUE } from '@tongxin/jobs';
import { MetricsServer, UNMATCHED_ROUTE, metricsOptionsFromEnv } from '@tongxin/metrics';
import { parseExposition, valueOf } from './support/prometheus-text';
import { bearer, provisionTenant, startTestApp, type TestApp, type TestTenant } from './support/test-app';
import { OWNER_URL } from './support/test-database-urls';

const TOKEN = 'metrics-token-0123456789abcdef';

/**
 * METRICS=true: Prometheus metrics on a listener of their own, behind a bearer token, read by a
 * strict text-format parser the way Prometheus reads them (docs/adr/015).
 */
describe('Prometheus metrics', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let url: string;
  const owner = new pg.Pool({ connectionString: OWNER_URL, max: 1 });

  const scrape = async () => {
    const res = await fetch(url, { headers: bearer(TOKEN) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  };

  beforeAll(async () => {
    t = await startTestApp({}, { metrics: { port: 0, host: '127.0.0.1', token: TOKEN } });
    url = `http://127.0.0.1:${t.app.get(MetricsServer).address()!.port}/metrics`;
    tenant = await provisionTenant(t, 'metrics');
  });

  afterAll(async () => {
    if (tenant) {
      // Owner connection: the sweeps' policy lets it see these two tables across tenants.
      await owner.query('delete from outbox_messages where tenant_id = $1', [tenant.id]);
      await owner.query('delete from durable_timers where tenant_id = $1', [tenant.id]);
    }
    await owner.end();
    await t?.close();
  });

  it('answers only a scrape carrying the token, and not on the API port', async () => {
    expect((await fetch(url)).status).toBe(401);
    const wrong = await fetch(url, { headers: bearer('metrics-token-0123456789abcdeX') });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    await t.http.get('/metrics').expect(404);
    expect((await fetch(url.replace('/metrics', '/'), { headers: bearer(TOKEN) })).status).toBe(404);
  });

  it('counts and times requests by route template and status, never by raw path', async () => {
    const route = '/api/v1/org-units/:id';
    const before = await scrape();
    const ok = (s: typeof before) => valueOf(s, 'http_requests_total', { method: 'GET', route, status: '200' }) ?? 0;
    const notFound = (s: typeof before) =>
      valueOf(s, 'http_requests_total', { method: 'GET', route: UNMATCHED_ROUTE, status: '404' }) ?? 0;
    const unauthorized = (s: typeof before) =>
      valueOf(s, 'http_requests_total', { method: 'GET', route, status: '401' }) ?? 0;
    const timed = (s: typeof before) =>
      valueOf(s, 'http_request_duration_seconds_count', { method: 'GET', route }) ?? 0;

    await t.http.get(`/api/v1/org-units/${tenant.rootUnitId}`).set(bearer(tenant.adminToken)).expect(200);
    await t.http.get(`/api/v1/org-units/${tenant.rootUnitId}`).set(bearer(tenant.adminToken)).expect(200);
    await t.http.get(`/api/v1/org-units/${tenant.rootUnitId}`).expect(401);
    const madeUp = `/no-such-page-${uuidv7()}`;
    await t.http.get(madeUp).expect(404);

    const after = await scrape();
    expect(ok(after) - ok(before)).toBe(2);
    expect(unauthorized(after) - unauthorized(before)).toBe(1);
    expect(notFound(after) - notFound(before)).toBe(1);
    expect(timed(after) - timed(before)).toBe(3);
    // The +Inf bucket holds every observation; the sum is real time spent.
    expect(valueOf(after, 'http_request_duration_seconds_bucket', { method: 'GET', route, le: '+Inf' })).toBe(
      timed(after),
    );
    expect(valueOf(after, 'http_request_duration_seconds_sum', { method: 'GET', route })).toBeGreaterThan(0);
    // Bounded cardinality: neither the id nor the made-up path became a label value.
    const labelValues = [...after.values()].flat().flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v.includes(tenant.rootUnitId) || v.includes(madeUp))).toEqual([]);
  });

  it('reports the database pool and the process', async () => {
    const s = await scrape();
    expect(valueOf(s, 'tongxin_db_pool_max_connections')).toBeGreaterThan(0);
    const inUse = valueOf(s, 'tongxin_db_pool_connections', { state: 'in_use' });
    const idle = valueOf(s, 'tongxin_db_pool_connections', { state: 'idle' });
    expect(inUse! + idle!).toBeGreaterThan(0);
    expect(inUse! + idle!).toBeLessThanOrEqual(valueOf(s, 'tongxin_db_pool_max_connections')!);
    expect(valueOf(s, 'tongxin_db_pool_waiting_requests')).toBeGreaterThanOrEqual(0);
    expect(valueOf(s, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(s.has('nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('reports queue depths by queue and state', async () => {
    const delayed = (s: Map<string, unknown>) =>
      valueOf(s as never, 'tongxin_queue_jobs', { queue: TASKS_QUEUE, state: 'delayed' });
    const before = await scrape();
    expect(valueOf(before, 'tongxin_queue_up')).toBe(1);
    expect(valueOf(before, 'tongxin_queue_jobs', { queue: TASKS_QUEUE, state: 'waiting' })).toBeGreaterThanOrEqual(0);
    // This app runs no worker: a job added now stays delayed in its queue namespace.
    const tasks = t.app.get<Queue>(getQueueToken(TASKS_QUEUE), { strict: false });
    await tasks.add('metrics-probe', {}, { delay: 3_600_000 });
    expect(delayed(await scrape())! - delayed(before)!).toBe(1);
  });

  it('reports the outbox and timer backlog with the age of the oldest', async () => {
    // An outbox row the relay has not taken for 2 minutes and a timer 5 minutes overdue: what a
    // stopped worker leaves behind. Written as the owner, the one role the sweeps' policy lets in.
    await owner.query(
      `insert into outbox_messages (tenant_id, id, kind, name, payload, created_at)
       values ($1, $2, 'job', 'metrics.probe', '{}', now() - interval '120 seconds')`,
      [tenant.id, uuidv7()],
    );
    await owner.query(
      `insert into durable_timers (tenant_id, id, plugin_id, name, key, due_at)
       values ($1, $2, 'core', 'metrics.probe', $3, now() - interval '300 seconds')`,
      [tenant.id, uuidv7(), uuidv7()],
    );
    const s = await scrape();
    expect(valueOf(s, 'tongxin_outbox_pending_messages')).toBeGreaterThanOrEqual(1);
    expect(valueOf(s, 'tongxin_outbox_lag_seconds')).toBeGreaterThanOrEqual(120);
    expect(valueOf(s, 'tongxin_timers_overdue')).toBeGreaterThanOrEqual(1);
    expect(valueOf(s, 'tongxin_timer_lag_seconds')).toBeGreaterThanOrEqual(300);
  });
});

describe('the METRICS switch', () => {
  it('is off unless METRICS=true, and on serves on 9464 of HOST', () => {
    expect(metricsOptionsFromEnv({})).toBeUndefined();
    expect(metricsOptionsFromEnv({ METRICS: 'false' })).toBeUndefined();
    expect(metricsOptionsFromEnv({ METRICS: 'true', HOST: '0.0.0.0' })).toEqual({
      port: 9464,
      host: '0.0.0.0',
      token: undefined,
    });
    expect(metricsOptionsFromEnv({ METRICS: 'true', METRICS_HOST: '10.0.0.5', METRICS_PORT: '9100' })).toEqual({
      port: 9100,
      host: '10.0.0.5',
      token: undefined,
    });
  });

  it('names every bad variable in one message', () => {
    let message = '';
    try {
      metricsOptionsFromEnv({ METRICS: 'yes', METRICS_PORT: 'abc', METRICS_TOKEN: 'short' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const problem of [
      'METRICS must be true or false, got "yes"',
      'METRICS_PORT must be a port number (0–65535), got "abc"',
      'METRICS_TOKEN must have at least 16 characters (openssl rand -hex 24)',
    ])
      expect(message).toContain(problem);
  });
});

// The scrape assertions above are only as good as the parser: it must refuse what Prometheus would.
describe('the strict exposition parser', () => {
  const ok = '# HELP a_total x\n# TYPE a_total counter\na_total{r="/x/:id"} 3\n';
  it('reads a well-formed family', () => {
    expect(valueOf(parseExposition(ok), 'a_total', { r: '/x/:id' })).toBe(3);
  });
  it.each([
    ['no final newline', ok.slice(0, -1)],
    ['a sample before its TYPE', 'a_total 1\n# TYPE a_total counter\n'],
    ['an unquoted label', '# TYPE a_total counter\na_total{r=x} 1\n'],
    ['a value that is not a number', '# TYPE a_total counter\na_total one\n'],
    ['a repeated series', '# TYPE a_total counter\na_total 1\na_total 2\n'],
    ['a histogram bucket without le', '# TYPE h histogram\nh_bucket{r="x"} 1\n'],
  ])('refuses %s', (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
