/**
 * The watcher side of the storm benchmark, run by bench/storm.ts as its own plain-node process
 * (bundled with esbuild, as production runs compiled JS), so its RSS is the watcher's alone.
 * Talks to the parent over IPC: `ready` → `{cmd:'burst', total}` → `armed` → `ingested` (every
 * event received) → `result`.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createQueues } from '../src/queue/createQueues.js';
import { createIncidentPublisher } from '../src/watch/createIncidentPublisher.js';
import { createIncidentStore } from '../src/watch/createIncidentStore.js';
import { createWatcher } from '../src/watch/createWatcher.js';
import { connectRedis, deletePrefix, testPrefix } from '../test/helpers/redis.js';

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const kubeConfig = new KubeConfig();
kubeConfig.loadFromOptions({
  clusters: [{ name: 'fake', server: process.env.KUBE_URL, skipTLSVerify: true }],
  users: [{ name: 'fake', token: 'fake' }],
  contexts: [{ name: 'fake', cluster: 'fake', user: 'fake' }],
  currentContext: 'fake',
});
const redis = connectRedis();
const prefix = testPrefix('storm');
const queues = createQueues({ connection: redis, prefix });
const metrics = createMetrics();
const logger = createLogger('silent');
const store = createIncidentStore({ redis, prefix, cluster: 'bench' });
const watcher = createWatcher({
  kubeConfig,
  cluster: 'bench',
  publisher: createIncidentPublisher({ cluster: 'bench', store, queue: queues.incidents, metrics, logger }),
  logger,
  metrics,
  debounceMs: 250,
});
await watcher.start();

/** Watch events received so far, from the watcher's own counter. */
async function eventsSeen(): Promise<number> {
  return (await metrics.eventsSeen.get()).values.reduce((sum, v) => sum + v.value, 0);
}

process.once('message', (message: { cmd: string; total: number }) => {
  void (async () => {
    process.send?.({ armed: true });
    while ((await eventsSeen()) < message.total) await new Promise((resolve) => setTimeout(resolve, 5));
    process.send?.({ ingested: true });
    const events = await eventsSeen();
    // Let the last debounced batch run, then count what was enqueued.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await watcher.flush();
    const jobs = await queues.incidents.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    await watcher.stop();
    await queues.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    clearInterval(sampler);
    process.send?.({
      result: {
        events,
        incidents: jobs.filter((job) => job.data.type === 'new').length,
        otherJobs: jobs.filter((job) => job.data.type !== 'new').length,
        rssMB: Math.round(peakRss / 1024 / 1024),
      },
    });
    process.exit(0);
  })();
});
process.send?.({ ready: true });
