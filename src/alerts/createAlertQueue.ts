import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_JOB_OPTIONS } from '../queue/createQueues.js';
import { ALERTS_QUEUE, type AlertJobData } from './types.js';

/** The receiver's `alerts` queue and the Redis connection that is its alone. */
export interface AlertQueue {
  queue: Queue<AlertJobData>;
  connection: Redis;
  close(): Promise<void>;
}

/**
 * The `alerts` queue the Alertmanager receiver adds to, on a connection of its own with ioredis's
 * auto-pipelining. Alertmanager sends a group's webhooks at the same moment: the adds of every
 * webhook read in one turn of the event loop go to Redis in one write and come back in one read,
 * instead of one round trip (a wake-up of Redis and of this process) each, which is what a busy
 * node makes slow. Each add still resolves with its own script's reply, so a webhook is acked only
 * once its job is in Redis. A webhook may be 1 MB: few finished jobs are kept (repeats are
 * recognised by the alert states, not by kept jobs).
 */
export function createAlertQueue(redis: Redis, prefix: string): AlertQueue {
  // A duplicate: the same Redis (URL or Sentinel) and reconnection as the bot's connection.
  const connection = redis.duplicate({ enableAutoPipelining: true });
  const queue = new Queue<AlertJobData>(ALERTS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { count: 100, age: 3600 }, removeOnFail: { count: 100, age: 7 * 24 * 3600 } },
  });
  // A Redis outage is logged by the bot's main connection; the queue would repeat it unheard.
  queue.on('error', () => undefined);
  return {
    queue,
    connection,
    async close() {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
