import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Lifecycle } from './lifecycle';
import { AlreadyRunningError, acquirePidLock } from './pid-lock';

describe('Lifecycle', () => {
  it('stops in the reverse order of start, each once, past a stage that fails', async () => {
    const stopped: string[] = [];
    const warnings: string[] = [];
    const lifecycle = new Lifecycle({ log: { debug: () => {}, warn: (m) => warnings.push(m) } });
    lifecycle.add('database', () => void stopped.push('database'));
    lifecycle.add('pools', () => {
      stopped.push('pools');
      throw new Error('already closed');
    });
    lifecycle.add('http', async () => void stopped.push('http'));
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(stopped).toEqual(['http', 'pools', 'database']);
    expect(warnings).toEqual(['stopping pools failed: already closed']);
  });

  it('exits 0 after the stop, and 1 at once on a second signal or after the timeout', async () => {
    const exits: number[] = [];
    const slow = new Lifecycle({ timeoutMs: 50, log: { debug: () => {}, warn: () => {} }, exit: (c) => exits.push(c) });
    slow.add('stuck', () => new Promise<void>(() => {}));
    slow.handleSignals();
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([1]);
    await new Promise((r) => setTimeout(r, 80));
    expect(exits).toEqual([1, 1]);
    process.removeAllListeners('SIGTERM');
    process.removeAllListeners('SIGINT');

    const quick = new Lifecycle({ log: { debug: () => {}, warn: () => {} }, exit: (c) => exits.push(c) });
    await quick.stopAndExit();
    expect(exits).toEqual([1, 1, 0]);
  });
});

describe('the pid lock', () => {
  it('refuses a second server in the same folder, naming the running pid, and takes over a stale lock', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tongxin-lock-'));
    const file = path.join(dir, 'tongxin.pid');
    // The parent process (jest) is alive and is not us: a server running from this folder.
    writeFileSync(file, `${process.ppid}\n`);
    expect(() => acquirePidLock(dir)).toThrow(AlreadyRunningError);
    expect(() => acquirePidLock(dir)).toThrow(`Tongxin is already running from ${dir} (pid ${process.ppid})`);
    // A pid no process has: stale.
    writeFileSync(file, '2147483646\n');
    const lock = acquirePidLock(dir);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });
});
