import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { connectRedis } from '../../src/queue/connectRedis.js';
import { createRedisConnection } from '../../src/queue/createRedisConnection.js';
import { freePort } from '../e2e/spawnBot.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_OPS_CHANNEL: 'C1', SLACK_SIGNING_SECRET: 's' };

describe('createRedisConnection', () => {
  it('opens REDIS_URL, with REDIS_PASSWORD when given', () => {
    const redis = createRedisConnection(readConfig({ ...base, REDIS_URL: 'redis://cache.internal:6380/2', REDIS_PASSWORD: 'pw' }), { lazyConnect: true });
    expect(redis.options).toMatchObject({ host: 'cache.internal', port: 6380, db: 2, password: 'pw', lazyConnect: true });
    expect(redis.options.sentinels).toBeFalsy();
    redis.disconnect();
  });

  it('goes through the sentinels with REDIS_SENTINELS, their password and the master name', () => {
    const config = readConfig({ ...base, REDIS_SENTINELS: 's0:26379,s1:26379', REDIS_SENTINEL_NAME: 'kdb', REDIS_SENTINEL_PASSWORD: 'spw', REDIS_PASSWORD: 'pw' });
    const redis = createRedisConnection(config, { lazyConnect: true, maxRetriesPerRequest: null });
    expect(redis.options).toMatchObject({
      sentinels: [{ host: 's0', port: 26379 }, { host: 's1', port: 26379 }],
      name: 'kdb',
      sentinelPassword: 'spw',
      password: 'pw',
      failoverDetector: true,
      maxRetriesPerRequest: null,
    });
    // A demoted master's READONLY answer makes the client reconnect (to the new master) and resend.
    expect(redis.options.reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(redis.options.reconnectOnError?.(new Error('WRONGTYPE'))).toBe(false);
    redis.disconnect();
  });
});

describe('connectRedis through Sentinel', () => {
  it('fails at start naming REDIS_SENTINELS when no sentinel answers', async () => {
    const port = await freePort();
    const config = readConfig({ ...base, REDIS_SENTINELS: `127.0.0.1:${port}` });
    const started = Date.now();
    await expect(connectRedis(config, createLogger('silent'))).rejects.toMatchObject({ setting: 'REDIS_SENTINELS', message: expect.stringContaining(`sentinels 127.0.0.1:${port}`) });
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);
});
