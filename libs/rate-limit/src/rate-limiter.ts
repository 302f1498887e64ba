import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { retryLater } from '@tongxin/http';
import { Clock } from '@tongxin/jobs';
import type { CounterStore, RateLimitDecision, RateLimitRule, RateLimitState } from './rate-limit.types';

/** The store the module chose (Redis or PostgreSQL); injected under this token. */
export const COUNTER_STORE = Symbol('COUNTER_STORE');

const BUCKET = /^[a-z0-9][a-z0-9._:-]{0,63}$/;
/** Longer keys are hashed, so a counter's name stays short whatever the caller keys it by. */
const MAX_KEY = 200;

function checkRule(rule: RateLimitRule): void {
  if (!Number.isInteger(rule.limit) || rule.limit < 0) throw new Error(`rate limit: limit must be an integer >= 0`);
  if (!Number.isFinite(rule.windowSeconds) || rule.windowSeconds <= 0)
    throw new Error(`rate limit: windowSeconds must be > 0`);
}

/**
 * Counters shared by every api process: Redis when the deployment runs its queues on Redis,
 * PostgreSQL otherwise (see RateLimitModule). A counter is named by a `bucket` (what is counted,
 * e.g. `login.source`) and a `key` (whose, e.g. a source address); it counts in fixed windows
 * that open with the first unit. Time is the injectable Clock's, so tests move it.
 *
 * Keys are stored as given (hashed when longer than 200 characters): never pass a secret (an api
 * key, a password) as a key, pass its id instead.
 *
 * ```ts
 * const d = await limiter.consume('open311.post', apiKeyId, { limit: 10, windowSeconds: 60 });
 * if (!d.allowed) throw retryLater('RATE_LIMITED', 429, d.retryAfterSeconds); // 429 with Retry-After (libs/http)
 * ```
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  constructor(
    @Inject(COUNTER_STORE) private readonly store: CounterStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts `cost` units (default 1) against the rule and says whether the count is still within
   * `limit`. Every call counts, allowed or not: a caller who keeps knocking stays refused until
   * the window closes. A negative `cost` gives units back (never below zero), e.g. when what was
   * counted up front turned out not to need limiting.
   */
  async consume(bucket: string, key: string, rule: RateLimitRule, cost = 1): Promise<RateLimitDecision> {
    checkRule(rule);
    if (!Number.isInteger(cost)) throw new Error('rate limit: cost must be an integer');
    const now = this.clock.now();
    const state = await unavailableAs503(this.store.add(this.name(bucket, key), cost, rule.windowSeconds * 1000, now));
    return decide(state, rule, now);
  }

  /** The counter's current state, without counting anything. */
  async peek(bucket: string, key: string): Promise<RateLimitState> {
    return unavailableAs503(this.store.read(this.name(bucket, key), this.clock.now()));
  }

  /** Whether one more unit would be allowed under `rule`, without counting it. */
  async check(bucket: string, key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    checkRule(rule);
    const now = this.clock.now();
    const state = await unavailableAs503(this.store.read(this.name(bucket, key), now));
    const next = decide({ ...state, count: state.count + 1 }, rule, now);
    return { ...next, count: state.count, remaining: Math.max(0, rule.limit - state.count) };
  }

  /** Forgets the counter (its window closes now). */
  async reset(bucket: string, key: string): Promise<void> {
    await unavailableAs503(this.store.delete(this.name(bucket, key)));
  }

  async onModuleDestroy(): Promise<void> {
    await this.store.close();
  }

  private name(bucket: string, key: string): string {
    if (!BUCKET.test(bucket)) throw new Error(`rate limit: bad bucket name ${JSON.stringify(bucket)}`);
    const k = key.length > MAX_KEY ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key;
    return `${bucket}:${k}`;
  }
}

/**
 * The store is unreachable (Redis down, database gone): what is limited is refused with 503
 * `SERVICE_UNAVAILABLE` and `Retry-After` rather than let through uncounted (fail closed).
 */
async function unavailableAs503<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch {
    throw retryLater('SERVICE_UNAVAILABLE', 503, 5);
  }
}

function decide(state: RateLimitState, rule: RateLimitRule, now: Date): RateLimitDecision {
  const allowed = state.count <= rule.limit;
  const retryAfterSeconds =
    allowed || !state.resetAt ? 0 : Math.max(1, Math.ceil((state.resetAt.getTime() - now.getTime()) / 1000));
  return { ...state, allowed, remaining: Math.max(0, rule.limit - state.count), retryAfterSeconds };
}
