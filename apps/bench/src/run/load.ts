import http from 'node:http';
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  /** A few non-2xx status codes seen, to say what went wrong. */
  statuses: Record<string, number>;
}

/** The q-quantile of sorted values (nearest rank). */
function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** What one measurement saw, before it is summarised (so measurements can be pooled). */
export interface Sample {
  latencies: number[];
  seconds: number;
  errors: number;
  statuses: Record<string, number>;
}

/** Several measurements of one thing as one result: latencies pooled, requests/s over their total time. */
export function pooled(samples: Sample[]): LoadResult {
  const statuses: Record<string, number> = {};
  for (const s of samples) for (const [k, v] of Object.entries(s.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  return summarise(
    samples.flatMap((s) => s.latencies),
    samples.reduce((t, s) => t + s.seconds, 0),
    samples.reduce((t, s) => t + s.errors, 0),
    statuses,
  );
}

function summarise(latencies: number[], seconds: number, errors: number, statuses: Record<string, number>): LoadResult {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    errors,
    statuses,
  };
}

/**
 * Full load: `connections` keep-alive connections, each sending its next request as soon as the
 * last is answered, for `seconds`, cycling through `requests`. Measures every response itself
 * (autocannon's summary has no p95).
 */
export async function drive(
  url: string,
  requests: LoadRequest[],
  seconds: number,
  connections: number,
): Promise<Sample> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let instance!: autocannon.Instance;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 10,
        requests: requests.map((r) => ({
          method: r.method,
          path: r.path,
          headers: { 'content-type': 'application/json', ...r.headers },
          ...(r.body !== undefined ? { body: r.body } : {}),
        })),
      },
      (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 300) statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  return { latencies, seconds, errors: result.non2xx + result.errors + result.timeouts, statuses };
}

/**
 * Sends one request on `agent` and records its answer in `into`: latency from `since` (the
 * scheduled time of an open loop, the send time of a closed one), non-2xx and socket errors counted.
 */
export function sendRecorded(
  agent: http.Agent,
  target: URL,
  r: LoadRequest,
  since: number,
  into: Sample,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: r.method,
        path: r.path,
        headers: { 'content-type': 'application/json', ...r.headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          into.latencies.push(performance.now() - since);
          const status = res.statusCode ?? 0;
          if (status >= 300) {
            into.errors++;
            into.statuses[status] = (into.statuses[status] ?? 0) + 1;
          }
          resolve();
        });
      },
    );
    req.on('error', () => {
      into.errors++;
      resolve();
    });
    req.end(r.body);
  });
}

/**
 * A steady load: one request every 1/`rate` seconds for `seconds`, each sent on schedule whether
 * or not earlier ones have been answered (an open loop, as independent users behave; a closed
 * loop would wait out a slow answer and hide it). Latency runs from the scheduled send.
 */
export async function pace(url: string, requests: LoadRequest[], seconds: number, rate: number): Promise<Sample> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(url);
  const sample: Sample = { latencies: [], seconds, errors: 0, statuses: {} };
  const total = Math.round(seconds * rate);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(sendRecorded(agent, target, requests[i % requests.length]!, scheduled, sample));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return sample;
}
