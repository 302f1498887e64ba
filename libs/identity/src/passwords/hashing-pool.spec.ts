import { DomainError } from '@tongxin/http';
import { HashingPool } from './hashing-pool';

/** A piece of work that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, work: () => done };
}

describe('HashingPool', () => {
  it('runs at most `concurrency` at once, queues up to `queue`, and refuses the rest with 503 AUTH_BUSY and Retry-After', async () => {
    const pool = new HashingPool(1, 2);
    const [first, second, third] = [gate(), gate(), gate()];
    const started: string[] = [];
    const run = (name: string, g: ReturnType<typeof gate>) =>
      pool.run(async () => {
        started.push(name);
        await g.work();
        return name;
      });
    const results = [run('first', first), run('second', second), run('third', third)];
    await Promise.resolve();
    expect(started).toEqual(['first']);
    expect(pool.load).toEqual({ running: 1, waiting: 2 });

    const refused = await pool.run(async () => 'fourth').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'AUTH_BUSY', status: 503, headers: { 'Retry-After': '1' } });

    first.open();
    await results[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['first', 'second']);
    second.open();
    third.open();
    expect(await Promise.all(results)).toEqual(['first', 'second', 'third']);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
  });

  it('serves logins from familiar sources in a lane of their own, first, while a flood fills the other', async () => {
    const pool = new HashingPool(1, 1);
    const [running, flooded, familiar] = [gate(), gate(), gate()];
    const started: string[] = [];
    const run = (name: string, g: ReturnType<typeof gate>, lane?: 'familiar' | 'other') =>
      pool.run(async () => {
        started.push(name);
        await g.work();
        return name;
      }, lane);
    const results = [run('running', running), run('flooded', flooded)];
    // The other lane is full: a new address is refused, a familiar one still queues.
    await expect(run('refused', gate())).rejects.toMatchObject({ code: 'AUTH_BUSY', status: 503 });
    results.push(run('familiar', familiar, 'familiar'));
    await Promise.resolve();
    expect(pool.load).toEqual({ running: 1, waiting: 2 });
    running.open();
    await results[0];
    await new Promise((r) => setImmediate(r));
    // The familiar login came later and goes first.
    expect(started).toEqual(['running', 'familiar']);
    familiar.open();
    flooded.open();
    expect(await Promise.all(results)).toEqual(['running', 'flooded', 'familiar']);
    expect(started).toEqual(['running', 'familiar', 'flooded']);
  });

  it('frees the slot when the work fails', async () => {
    const pool = new HashingPool(1, 0);
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(async () => 'next')).toBe('next');
  });

  it('lets waiting work start when reconfigured with more room', async () => {
    const pool = new HashingPool(1, 5);
    const [a, b] = [gate(), gate()];
    const started: string[] = [];
    const ra = pool.run(async () => (started.push('a'), a.work()));
    const rb = pool.run(async () => (started.push('b'), b.work()));
    await Promise.resolve();
    expect(started).toEqual(['a']);
    pool.configure(2, 5);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b']);
    a.open();
    b.open();
    await Promise.all([ra, rb]);
  });
});
