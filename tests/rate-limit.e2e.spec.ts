import { v7 as uuidv7 } from 'uuid';
import { Clock } from '@tongxin/jobs';
import { RateLimiter } from '@tongxin/rate-limit';
import { startTestApp, type TestApp } from './support/test-app';
import { APP_URL } from './support/test-database-urls';

/**
 * The shared counters (libs/rate-limit) on both stores, each with two api instances on one store:
 * what one counts the other sees, and time is the injectable Clock's.
 */
describe.each([
  ['Redis', undefined],
  ['PostgreSQL', { kind: 'postgres' as const, url: APP_URL }],
])('rate-limit counters on %s', (_store, queue) => {
  let a: TestApp;
  let b: TestApp;
  const limiters = () => [a.app.get(RateLimiter), b.app.get(RateLimiter)] as const;
  const advance = (ms: number) => [a, b].forEach((t) => t.app.get(Clock).advance(ms));

  beforeAll(async () => {
    const queuePrefix = `test-${uuidv7()}`;
    a = await startTestApp({}, { queue, queuePrefix });
    b = await startTestApp({}, { queue, queuePrefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const rule = { limit: 3, windowSeconds: 60 };

  it('counts across instances up to the limit, then refuses with the seconds left in the window', async () => {
    const [x, y] = limiters();
    const key = uuidv7();
    const seen = [];
    for (const limiter of [x, y, x, y]) seen.push(await limiter.consume('test.bucket', key, rule));
    expect(seen.map((d) => [d.allowed, d.count, d.remaining])).toEqual([
      [true, 1, 2],
      [true, 2, 1],
      [true, 3, 0],
      [false, 4, 0],
    ]);
    expect(seen[3]!.retryAfterSeconds).toBe(60);
    advance(30_000);
    expect((await y.consume('test.bucket', key, rule)).retryAfterSeconds).toBe(30);
    // The window closes with the clock: counting starts again from one.
    advance(30_001);
    expect(await x.consume('test.bucket', key, rule)).toMatchObject({ allowed: true, count: 1, remaining: 2 });
  });

  it('reads without counting, gives units back (never below zero) and forgets on reset', async () => {
    const [x, y] = limiters();
    const key = uuidv7();
    expect(await x.peek('test.bucket', key)).toEqual({ count: 0, resetAt: null, lastAt: null });
    await x.consume('test.bucket', key, rule);
    await x.consume('test.bucket', key, rule);
    expect((await y.peek('test.bucket', key)).count).toBe(2);
    expect((await y.peek('test.bucket', key)).count).toBe(2);
    expect((await y.check('test.bucket', key, rule)).allowed).toBe(true);
    expect((await y.consume('test.bucket', key, rule, -5)).count).toBe(0);
    await x.consume('test.bucket', key, rule, 4);
    expect((await x.check('test.bucket', key, rule)).allowed).toBe(false);
    await y.reset('test.bucket', key);
    expect(await x.peek('test.bucket', key)).toEqual({ count: 0, resetAt: null, lastAt: null });
  });

  it('keeps buckets and keys apart, and hashes keys too long to store', async () => {
    const [x] = limiters();
    const key = uuidv7();
    await x.consume('test.one', key, rule);
    expect((await x.peek('test.two', key)).count).toBe(0);
    expect((await x.peek('test.one', `${key}-other`)).count).toBe(0);
    const long = 'k'.repeat(500);
    await x.consume('test.one', long, rule);
    expect((await x.peek('test.one', long)).count).toBe(1);
  });

  it('counts exactly under concurrency', async () => {
    const [x, y] = limiters();
    const key = uuidv7();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? x : y).consume('test.bucket', key, { limit: 5, windowSeconds: 60 }),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.map((r) => r.count).sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses a bad bucket name or rule (a programming error, not a client one)', async () => {
    const [x] = limiters();
    await expect(x.consume('Bad Bucket', 'k', rule)).rejects.toThrow(/bucket/);
    await expect(x.consume('test.bucket', 'k', { limit: -1, windowSeconds: 1 })).rejects.toThrow(/limit/);
    await expect(x.consume('test.bucket', 'k', { limit: 1, windowSeconds: 0 })).rejects.toThrow(/windowSeconds/);
  });
});
