import type { Redis } from 'ioredis';
import { describeNetworkError } from '../describeNetworkError.js';
import type { Logger } from '../logger.js';
import { StartError } from '../StartError.js';
import { withTimeout } from '../withTimeout.js';
import { createRedisConnection, type RedisSettings } from './createRedisConnection.js';

/** Connection attempts at start before giving up (about 3 s in all): a Redis starting beside us gets that long. */
const START_ATTEMPTS = 5;
/** Longest wait for the first connection, whatever the retries (sentinels that never answer). */
const START_TIMEOUT_MS = 8000;

/** `host:port/db` of a Redis URL, never its password. */
export function redisLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
}

/**
 * The bot's one Redis connection (BullMQ needs `maxRetriesPerRequest: null`), connected and
 * checked before anything else starts: an unreachable Redis, a refused password or a database
 * index the server does not have is a `StartError` naming `REDIS_URL`, not a stack later. Once
 * connected it reconnects forever, logging each error.
 */
export async function connectRedis(settings: RedisSettings, logger: Logger): Promise<Redis> {
  let connected = false;
  let lastError: unknown;
  const retry = (times: number): number | null => (connected ? Math.min(times * 200, 2000) : times < START_ATTEMPTS ? times * 200 : null);
  const redis = createRedisConnection(settings, {
    maxRetriesPerRequest: null,
    lazyConnect: true,
    retryStrategy: retry,
  });
  redis.on('error', (error) => {
    if (connected) logger.warn({ err: error }, 'Redis connection error');
    else lastError = error;
  });
  const where =
    settings.REDIS_SENTINELS.length === 0
      ? redisLocation(settings.REDIS_URL)
      : `the master "${settings.REDIS_SENTINEL_NAME}" of the sentinels ${settings.REDIS_SENTINELS.map((s) => `${s.host}:${s.port}`).join(', ')}`;
  // The setting a person has to fix.
  const setting = settings.REDIS_SENTINELS.length === 0 ? 'REDIS_URL' : 'REDIS_SENTINELS';
  try {
    // Through Sentinel, ioredis retries sentinels that do not answer forever: at start, give up.
    await withTimeout(() => redis.connect(), START_TIMEOUT_MS);
    // ioredis only logs a failed SELECT and stays on database 0: ask again to see the answer.
    await redis.select(redis.options.db ?? 0);
  } catch (error) {
    redis.disconnect();
    // connect() only says "Connection is closed." (or timed out); the error before it says why.
    const closed = error instanceof Error && /Connection is closed|no answer within/i.test(error.message);
    const cause = closed && lastError !== undefined ? lastError : error;
    const network = describeNetworkError(cause);
    const message = cause instanceof Error ? cause.message : String(cause);
    if (network !== undefined) throw new StartError(setting, `cannot reach Redis at ${where} (${network})`, { cause });
    if (/DB index/i.test(message)) throw new StartError(setting, `Redis at ${where} has no database ${String(redis.options.db)} (${message})`, { cause });
    throw new StartError(setting, `Redis at ${where} refused the connection: ${message}`, { cause });
  }
  connected = true;
  return redis;
}
