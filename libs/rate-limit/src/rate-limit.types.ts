/**
 * A limit: at most `limit` units in a fixed window of `windowSeconds` that opens with the first
 * unit counted and closes `windowSeconds` later (then the count starts again from zero).
 */
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** What a counter says after `consume`, or when read with `peek`. */
export interface RateLimitState {
  /** Units counted in the current window (0 when there is none). */
  count: number;
  /** When the current window closes; null when no window is open. */
  resetAt: Date | null;
  /** When a unit was last counted in the current window; null when no window is open. */
  lastAt: Date | null;
}

export interface RateLimitDecision extends RateLimitState {
  /** `count` is within the limit: go ahead. */
  allowed: boolean;
  /** Units left in this window (never negative). */
  remaining: number;
  /** 0 when allowed; otherwise whole seconds until the window closes (for a `Retry-After` header). */
  retryAfterSeconds: number;
}

/**
 * Where counters live. Every operation is one atomic step on the shared store, so several api
 * processes count together. `now` always comes from the caller (the injectable Clock).
 */
export interface CounterStore {
  /**
   * Adds `cost` (may be negative, to give units back; a count never drops below 0) to the counter,
   * opening a new window of `windowMs` if none is open. Returns the state after.
   */
  add(name: string, cost: number, windowMs: number, now: Date): Promise<RateLimitState>;
  /** The counter's state without changing it. */
  read(name: string, now: Date): Promise<RateLimitState>;
  /** Forgets the counter. */
  delete(name: string): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

export const EMPTY_STATE: RateLimitState = { count: 0, resetAt: null, lastAt: null };
