import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own for one test, so test files run in parallel without clashing. */
export function testPrefix(name: string): string {
  return `kdbtest:${name}:${randomUUID().slice(0, 8)}`;
}

/**
 * A Redis client for a test, with an error listener: a refused connection fails the command that
 * needed it instead of printing `[ioredis] Unhandled error event` to the test output.
 */
export function openRedis(url: string = REDIS_URL, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, options);
  redis.on('error', () => undefined);
  return redis;
}

/** A connection fit for BullMQ workers too (they need maxRetriesPerRequest: null). */
export function connectRedis(): Redis {
  return openRedis(REDIS_URL, { maxRetriesPerRequest: null });
}

/** Deletes every key under a prefix; call in afterEach/afterAll. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Whether a Redis answers PING at `url` right now (refused while it starts: false, not a crash). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = openRedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
