import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface RunningServer {
  name: string;
  url: string;
  stop(): Promise<void>;
}

/** Is something listening on the port? (A stale server would be measured instead of ours.) */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a compiled entry point as its own process (its own CPU, as in production), its output
 * to `logDir/<name>.log`, and waits until `readyPath` answers without a 5xx. With `cpuProfile`,
 * V8 profiles the whole process and writes `logDir/<name>.cpuprofile` when it stops (open it in
 * Chrome DevTools or VS Code): where a missed target's time goes.
 */
export async function startServer(
  name: string,
  entry: string,
  port: number,
  env: Record<string, string>,
  readyPath: string,
  logDir: string,
  options: { cpuProfile?: boolean } = {},
): Promise<RunningServer> {
  if (await portInUse(port)) throw new Error(`port ${port} is already in use: stop whatever listens there first`);
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  const profiling = options.cpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const child: ChildProcess = spawn(process.execPath, [...profiling, '--enable-source-maps', entry], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  // An object, so TypeScript does not narrow it to null across the awaits below.
  const exit = { code: null as number | null };
  child.once('exit', (code) => (exit.code = code ?? -1));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exit.code !== null)
      throw new Error(`${name} exited with ${exit.code} before it was ready: see ${logDir}/${name}.log`);
    try {
      // Any answer but a 5xx: the product's /ready is 503 until its database answers.
      const res = await fetch(url + readyPath);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 60 s: see ${logDir}/${name}.log`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exit.code !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
