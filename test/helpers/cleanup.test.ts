import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort, spawnBot, stopAllBots } from '../e2e/spawnBot.js';
import { runningChildren } from './childProcesses.js';
import { openRedis } from './redis.js';

/** What keeps a failed test from leaving processes running or noise in the output. */
describe('test clean-up', () => {
  afterAll(stopAllBots);

  it('kills a bot that does not print its start line in time', async () => {
    const failed = await spawnBot({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: String(await freePort()) }, ['--role', 'watcher'], { startTimeoutMs: 1 }).catch(
      (error: unknown) => error,
    );
    expect(String(failed)).toMatch(/within 1 ms|exited/);
    expect(runningChildren()).toEqual([]);
  });

  it('lets no Redis client of a test print "Unhandled error event"', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const redis = openRedis(`redis://127.0.0.1:${await freePort()}`, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
      await new Promise((resolve) => redis.once('end', resolve));
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
  });
});
