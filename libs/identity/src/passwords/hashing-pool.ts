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
/**
 * Which queue a hash waits in. Logins from a source the account used before (`familiar`, see
 * LoginThrottle) have their own, served first: a flood of guesses from new addresses fills the
 * other one and is refused with 503, while the district's own staff still get their turn.
 */
export type HashingLane = 'familiar' | 'other';

/**
 * How many hashes one account may have waiting in the familiar lane: the account's own person
 * retrying, not more. Past it the account's logins wait in the other lane, so one account's
 * password (a leaked one, or a script with the right password) cannot fill the lane the district's
 * other staff rely on.
 */
export const FAMILIAR_SHARE_PER_ACCOUNT = 2;

export class HashingPool {
  private running = 0;
  private readonly waiting: Record<HashingLane, (() => void)[]> = { familiar: [], other: [] };
  /** Familiar-lane waiters per account. */
  private readonly familiarWaiting = new Map<string, number>();

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

  /**
   * Runs `work` when a slot is free; refuses with 503 `AUTH_BUSY` when its lane's queue is full.
   * `account` names whose login it is: in the familiar lane each account has its share.
   */
  async run<T>(work: () => Promise<T>, lane: HashingLane = 'other', account?: string): Promise<T> {
    if (this.running >= this.concurrency) {
      const share = account === undefined ? 0 : (this.familiarWaiting.get(account) ?? 0);
      const own = lane === 'familiar' && share < FAMILIAR_SHARE_PER_ACCOUNT ? 'familiar' : 'other';
      const queue = this.waiting[own];
      if (queue.length >= this.queue) throw retryLater('AUTH_BUSY', 503, 1);
      const counted = own === 'familiar' && account !== undefined;
      if (counted) this.familiarWaiting.set(account, share + 1);
      try {
        await new Promise<void>((resolve) => queue.push(resolve));
      } finally {
        if (counted) this.leaveFamiliar(account);
      }
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
    return { running: this.running, waiting: this.waiting.familiar.length + this.waiting.other.length };
  }

  private leaveFamiliar(account: string): void {
    const left = (this.familiarWaiting.get(account) ?? 1) - 1;
    if (left > 0) this.familiarWaiting.set(account, left);
    else this.familiarWaiting.delete(account);
  }

  private next(): (() => void) | undefined {
    return this.waiting.familiar.shift() ?? this.waiting.other.shift();
  }

  private release(): void {
    const next = this.next();
    // The slot passes straight to the next waiter: `running` stays the same.
    if (next) next();
    else this.running--;
  }

  private drain(): void {
    while (this.running < this.concurrency) {
      const next = this.next();
      if (!next) return;
      this.running++;
      next();
    }
  }
}

const DEFAULT_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));

/** The process's one pool: every password hash and verification in the process goes through it. */
export const passwordHashing = new HashingPool(DEFAULT_CONCURRENCY, 16 * DEFAULT_CONCURRENCY);
