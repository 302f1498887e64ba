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

  it('gives each account a share of the familiar lane, so one account cannot crowd out the others', async () => {
    const pool = new HashingPool(1, 3);
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const run = (name: string, account: string) => {
      const g = gate();
      gates.set(name, g);
      return pool.run(
        async () => {
          started.push(name);
          await g.work();
          return name;
        },
        'familiar',
        account,
      );
    };
    // One account with its right password from its usual address, as fast as a script can.
    const flood = ['a1', 'a2', 'a3', 'a4', 'a5'].map((name) => run(name, 'tenant:d:ops-script'));
    // Another member of staff, from their usual address, after the flood began.
    const colleague = run('b1', 'tenant:d:zhang');
    await Promise.resolve();
    expect(pool.load).toEqual({ running: 1, waiting: 5 });
    for (const name of ['a1', 'a2', 'b1', 'a3', 'a4', 'a5']) {
      gates.get(name)!.open();
      await new Promise((r) => setImmediate(r));
    }
    expect(await colleague).toBe('b1');
    await Promise.all(flood);
    // The colleague was served after the account's share, ahead of the rest of the flood.
    expect(started).toEqual(['a1', 'a2', 'a3', 'b1', 'a4', 'a5']);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
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
