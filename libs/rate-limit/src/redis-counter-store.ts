import { Redis } from 'ioredis';
import type { CounterStore, RateLimitState } from './rate-limit.types';

/**
 * One Redis hash per counter: `c` count, `e` window end and `l` last count, in epoch ms of the
 * caller's clock. A script does the read-modify-write atomically; the key expires with its window
 * (the clock's offset from real time cancels out: both ends of the difference are the clock's).
 */
const ADD = `
local now = tonumber(ARGV[1]); local cost = tonumber(ARGV[2]); local window = tonumber(ARGV[3])
local e = tonumber(redis.call('HGET', KEYS[1], 'e'))
local c
if (not e) or e <= now then
  if cost <= 0 then redis.call('DEL', KEYS[1]); return {0, 0, 0} end
  e = now + window
  c = cost
  redis.call('HSET', KEYS[1], 'c', c, 'e', e, 'l', now)
else
  c = math.max(0, tonumber(redis.call('HGET', KEYS[1], 'c')) + cost)
  redis.call('HSET', KEYS[1], 'c', c)
  if cost > 0 then redis.call('HSET', KEYS[1], 'l', now) end
end
redis.call('PEXPIRE', KEYS[1], math.max(1, e - now))
return {c, e, tonumber(redis.call('HGET', KEYS[1], 'l'))}
`;

type ScriptedRedis = Redis & {
  rateLimitAdd(key: string, now: number, cost: number, windowMs: number): Promise<[number, number, number]>;
};

const state = (count: number, end: number, last: number): RateLimitState =>
  count > 0 && end > 0
    ? { count, resetAt: new Date(end), lastAt: new Date(last) }
    : { count: 0, resetAt: null, lastAt: null };

export class RedisCounterStore implements CounterStore {
  private readonly redis: ScriptedRedis;

  /** `keyPrefix` is the deployment's (QUEUE_PREFIX), so deployments sharing one Redis never share counters. */
  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    // While Redis is down a command waits for one reconnection attempt, then fails (the
    // RateLimiter answers 503) instead of waiting in memory for as long as the outage lasts.
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      disconnectTimeout: 200,
    }) as ScriptedRedis;
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('rateLimitAdd', { numberOfKeys: 1, lua: ADD });
  }

  private key(name: string): string {
    return `${this.keyPrefix}:rate-limit:${name}`;
  }

  async add(name: string, cost: number, windowMs: number, now: Date): Promise<RateLimitState> {
    const [count, end, last] = await this.redis.rateLimitAdd(this.key(name), now.getTime(), cost, windowMs);
    return state(Number(count), Number(end), Number(last));
  }

  async read(name: string, now: Date): Promise<RateLimitState> {
    const [c, e, l] = await this.redis.hmget(this.key(name), 'c', 'e', 'l');
    const end = Number(e ?? 0);
    return end > now.getTime() ? state(Number(c ?? 0), end, Number(l ?? 0)) : state(0, 0, 0);
  }

  async delete(name: string): Promise<void> {
    await this.redis.del(this.key(name));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
