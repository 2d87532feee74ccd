import { Redis, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';

/** The settings that say where Redis is. */
export type RedisSettings = Pick<Config, 'REDIS_URL' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'REDIS_SENTINEL_PASSWORD' | 'REDIS_PASSWORD'>;

/**
 * The one way the bot opens Redis: `REDIS_URL`, or with `REDIS_SENTINELS` the master the
 * sentinels name. Through Sentinel, ioredis asks the sentinels for the master again on every
 * reconnect and watches them for a failover; a command sent to a demoted master (READONLY) makes it
 * reconnect and resend, so BullMQ and our own keys follow the new master without a restart.
 * `options` adds the caller's needs (BullMQ workers: `maxRetriesPerRequest: null`).
 */
export function createRedisConnection(settings: RedisSettings, options: RedisOptions = {}): Redis {
  const password = settings.REDIS_PASSWORD === undefined ? {} : { password: settings.REDIS_PASSWORD };
  if (settings.REDIS_SENTINELS.length === 0) return new Redis(settings.REDIS_URL, { ...password, ...options });
  return new Redis({
    sentinels: settings.REDIS_SENTINELS,
    name: settings.REDIS_SENTINEL_NAME,
    ...(settings.REDIS_SENTINEL_PASSWORD === undefined ? {} : { sentinelPassword: settings.REDIS_SENTINEL_PASSWORD }),
    ...password,
    failoverDetector: true,
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
    ...options,
  });
}
