import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A limit shared by every process through Redis. */
export interface WindowLimiter {
  /** Takes a slot: 0 when granted, else the ms until one frees (nothing taken). */
  take(): Promise<number>;
}

/**
 * A sliding-window log: one sorted-set member per granted slot, scored by Redis' own clock (so
 * workers with skewed clocks agree), trimmed to the window and expiring with it. Atomic in Lua,
 * so two workers never both take the last slot.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/** At most `max` slots per `windowMs` under `key`, across every process using the same Redis. */
export function createWindowLimiter(options: { redis: Pick<Redis, 'eval'>; key: string; max: number; windowMs: number }): WindowLimiter {
  const { redis, key, max, windowMs } = options;
  return {
    async take() {
      return Number(await redis.eval(SCRIPT, 1, key, max, windowMs, randomUUID()));
    },
  };
}
