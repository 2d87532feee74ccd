import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startBot, type RunningBot } from '../../src/run/startBot.js';
import { freePort, waitUntil } from '../e2e/spawnBot.js';
import { startWorld, type World } from '../e2e/startWorld.js';
import { startSentinelSet, type SentinelSet } from '../helpers/startSentinelSet.js';
import { backOffEvent, pod, replicaSet } from '../watch/podFixtures.js';

/** A Deployment whose one pod crash-loops: one incident each. */
const failing = (i: number) => {
  const name = `app-${i}-7d4b9c8f5d-x${i}`;
  return [...replicaSet('storm', `app-${i}`), pod('storm', `app-${i}`, name, { crashing: true, restarts: 3 }), backOffEvent('storm', name, 5)];
};

/**
 * Redis through Sentinel, with real processes: the primary is SIGKILLed while incidents flow. The
 * bot says not-ready during the failover, ready after it without a restart, and every incident is
 * posted once.
 */
describe('REDIS_SENTINELS: the primary fails over while incidents flow', () => {
  let set: SentinelSet | undefined;
  let world: World | undefined;
  let bot: RunningBot | undefined;
  let port = 0;

  beforeAll(async () => {
    set = await startSentinelSet();
    world = await startWorld([{ kind: 'Namespace', metadata: { name: 'storm' } }]);
    port = await freePort();
    const env = world.env({ PORT: String(port), REDIS_URL: 'redis://127.0.0.1:1', REDIS_SENTINELS: set.sentinels, REDIS_SENTINEL_NAME: set.name });
    bot = await startBot({ config: readConfig(env, 'all'), role: 'all', logger: createLogger(process.env.LOG_LEVEL ?? 'silent') });
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await world?.close();
    await set?.close();
  });

  it('posts every incident once and is not ready only during the failover', async () => {
    if (!world || !set) throw new Error('setup failed');
    const w = world;
    const ready = async (): Promise<number> => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4000) }).catch(() => undefined);
      return response?.status ?? 0;
    };
    const posted = (i: number) => w.incident(`Deployment app-${i}`);
    expect(await ready()).toBe(200);
    for (const object of [...failing(0), ...failing(1)]) w.kube.upsert(object);
    await waitUntil(() => posted(0) && posted(1), 15_000, 'incidents before the failover');

    for (const object of failing(2)) w.kube.upsert(object);
    set.killPrimary();
    for (const object of [...failing(3), ...failing(4)]) w.kube.upsert(object);
    const statuses: number[] = [];
    await waitUntil(
      async () => {
        statuses.push(await ready());
        return statuses.some((s) => s !== 200) && statuses.at(-1) === 200;
      },
      20_000,
      'not ready, then ready again',
    );
    expect(await set.masterPort()).toBe(set.replicaPort);
    for (const object of failing(5)) w.kube.upsert(object);

    await waitUntil(() => [0, 1, 2, 3, 4, 5].every((i) => posted(i)), 20_000, 'every incident posted');
    // Nothing comes twice, even after the watcher's recheck and the workers' stall checks.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(w.incidents()).toHaveLength(6);
    for (let i = 0; i < 6; i += 1) expect(w.incidents().filter((m) => JSON.stringify(m.blocks).includes(`Deployment app-${i}`))).toHaveLength(1);
  }, 60_000);
});
