import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import type { Row } from './cases';

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
function field(v: Row[number]): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  return v.replace(/[\\\t\n\r]/g, (ch) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[ch]!);
}

const CHUNK_BYTES = 1 << 20;

/**
 * Streams rows into one table with COPY … FROM STDIN: the fastest way PostgreSQL loads rows
 * (a million cases in well under a minute), batched into 1 MiB writes that wait for the socket.
 */
export class CopyWriter {
  private stream: Writable;
  private done: Promise<void>;
  private buffer: string[] = [];
  private size = 0;
  rows = 0;

  constructor(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[]) {
    this.stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', () => resolve());
      this.stream.on('error', reject);
    });
    // Surface a COPY error at the next write instead of an unhandled rejection.
    this.done.catch(() => undefined);
  }

  async write(row: Row): Promise<void> {
    const line = row.map(field).join('\t') + '\n';
    this.buffer.push(line);
    this.size += line.length * 3;
    this.rows++;
    if (this.size >= CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        this.stream.once('drain', resolve);
        this.done.catch(reject);
      });
    }
  }

  async end(): Promise<number> {
    await this.flush();
    this.stream.end();
    await this.done;
    return this.rows;
  }
}
