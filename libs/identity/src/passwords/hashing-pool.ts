import { availableParallelism } from 'node:os';
import { retryLater } from '@tongxin/http';

/**
 * A bound on password hashing in this process: at most `concurrency` argon2 computations at once
 * and at most `queue` more waiting; past that a caller is refused at once with 503 `AUTH_BUSY`
 * and `Retry-After`. argon2 runs on libuv's thread pool (4 threads by default) and each one holds
 * a core for tens of milliseconds: unbounded, a burst of logins takes every core from the event
 * loop and the whole API stalls (40 concurrent logins pushed `/health` from 1 ms to 282 ms; see
 * docs/adr/006-authentication-hardening.md for the figures with the bound).
 */
export class HashingPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private concurrency: number,
    private queue: number,
  ) {}

  /** Applies the configured bounds (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE) at boot. */
  configure(concurrency: number, queue: number): void {
    this.concurrency = Math.max(1, concurrency);
    this.queue = Math.max(0, queue);
    this.drain();
  }

  /** Runs `work` when a slot is free; refuses with 503 `AUTH_BUSY` when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw retryLater('AUTH_BUSY', 503, 1);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Hashes running and waiting now (tests and diagnostics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter: `running` stays the same.
    if (next) next();
    else this.running--;
  }

  private drain(): void {
    while (this.running < this.concurrency && this.waiting.length) {
      this.running++;
      this.waiting.shift()!();
    }
  }
}

const DEFAULT_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));

/** The process's one pool: every password hash and verification in the process goes through it. */
export const passwordHashing = new HashingPool(DEFAULT_CONCURRENCY, 16 * DEFAULT_CONCURRENCY);
