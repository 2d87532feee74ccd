import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWindowLimiter } from '../../src/queue/createWindowLimiter.js';
import { connectRedis, deletePrefix, testPrefix } from '../helpers/redis.js';

let a: Redis;
let b: Redis;
let prefix: string;
beforeEach(() => {
  a = connectRedis();
  b = connectRedis();
  prefix = testPrefix('window');
});
afterEach(async () => {
  await deletePrefix(a, prefix);
  a.disconnect();
  b.disconnect();
});

describe('createWindowLimiter', () => {
  it('grants exactly max slots per window across processes, then says how long to wait', async () => {
    const options = { key: `${prefix}:llm-rate`, max: 3, windowMs: 1000 };
    const limiters = [createWindowLimiter({ redis: a, ...options }), createWindowLimiter({ redis: b, ...options })];
    const waits = await Promise.all(Array.from({ length: 10 }, (_, i) => limiters[i % 2]?.take() ?? Promise.resolve(-1)));
    expect(waits.filter((w) => w === 0)).toHaveLength(3);
    for (const w of waits.filter((w) => w !== 0)) {
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(1000);
    }
    // The key expires with the window: it never outlives the limit it counts.
    const ttl = await a.pttl(options.key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(...waits) + 20));
    expect(await limiters[0]?.take()).toBe(0);
  });
});
