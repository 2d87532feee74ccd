import type { Metrics } from '../metrics.js';
import type { Queues } from './createQueues.js';

/** Refreshes the `queueDepth` gauge from Redis; call before a /metrics scrape. */
export async function updateQueueDepth(queues: Pick<Queues, 'depths'>, metrics: Metrics): Promise<void> {
  for (const [queue, depth] of Object.entries(await queues.depths())) metrics.queueDepth.set({ queue }, depth);
}
