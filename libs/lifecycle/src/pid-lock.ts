import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Another server already runs from this data directory. */
export class AlreadyRunningError extends Error {}

export interface PidLock {
  file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * `<dataDir>/tongxin.pid`: one server per data directory (two would fight over its embedded
 * PostgreSQL). A lock whose process has gone (a crash, kill -9) is taken over.
 */
export function acquirePidLock(dataDir: string): PidLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, 'tongxin.pid');
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new AlreadyRunningError(
          `Tongxin is already running from ${dir} (pid ${pid}). Stop it first (Ctrl-C in its terminal, or ` +
            `kill ${pid}), or give this one another DATA_DIR.`,
        );
      unlinkSync(file); // stale: its process is gone
    }
  }
  return {
    file,
    release: () => {
      try {
        if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) unlinkSync(file);
      } catch {
        // already gone
      }
    },
  };
}
