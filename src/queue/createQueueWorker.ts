import { DelayedError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** Options of `createQueueWorker`. */
export interface CreateQueueWorkerOptions<Data, Result> {
  /** A name of `QUEUES`. */
  queue: string;
  /**
   * Connection options, or an ioredis instance created with `maxRetriesPerRequest: null`
   * (BullMQ's blocking commands need it; we check and refuse otherwise).
   */
  connection: ConnectionOptions;
  prefix: string;
  processor: (job: Job<Data, Result>) => Promise<Result>;
  logger: Logger;
  metrics: Metrics;
  /** Jobs handled at once by this process (`WORKER_CONCURRENCY`). */
  concurrency?: number;
  /**
   * Ms to put the job back for when `error` means "not now" rather than "failed" (the LLM rate
   * limit is spent): the job goes to the delayed set without using an attempt, and frees its slot
   * for jobs that can run now. Undefined for a real failure.
   */
  deferral?: (error: unknown) => number | undefined;
  /** How often stalled jobs (a worker that died mid-job) are detected and re-queued; default 30 s. */
  stalledInterval?: number;
  /** Times a job may stall before it fails; default 2. */
  maxStalledCount?: number;
  /** How long a job's lock lives without renewal (a dead worker's job is stalled after this); default 30 s. */
  lockDuration?: number;
}

/** A running worker; `close()` lets the job in hand finish, then disconnects. */
export interface QueueWorker<Data, Result> {
  worker: Worker<Data, Result>;
  close(): Promise<void>;
}

/**
 * A BullMQ worker set up the way BullMQ's production guide asks: an `error` listener (an
 * unhandled one would crash the process), stalled-job recovery, metrics and logs per job, and a
 * graceful `close()`.
 */
export function createQueueWorker<Data, Result>(options: CreateQueueWorkerOptions<Data, Result>): QueueWorker<Data, Result> {
  const { queue, logger, metrics } = options;
  const connection = options.connection as { options?: { maxRetriesPerRequest?: number | null } };
  if (connection.options !== undefined && connection.options.maxRetriesPerRequest !== null) {
    throw new Error(`worker of queue "${queue}": its ioredis connection needs maxRetriesPerRequest: null`);
  }
  const log = logger.child({ queue });
  const worker = new Worker<Data, Result>(
    queue,
    async (job, token) => {
      const started = Date.now();
      try {
        const result = await options.processor(job);
        metrics.jobDuration.observe({ queue, outcome: 'completed' }, (Date.now() - job.timestamp) / 1000);
        log.debug({ jobId: job.id, ms: Date.now() - started }, 'job completed');
        return result;
      } catch (error) {
        const deferMs = options.deferral?.(error);
        if (deferMs !== undefined && token !== undefined) {
          // Jitter, so the jobs put back together do not all come back in the same instant.
          await job.moveToDelayed(Date.now() + deferMs + Math.floor(Math.random() * 250), token);
          log.debug({ jobId: job.id, deferMs }, 'job deferred');
          throw new DelayedError();
        }
        metrics.jobDuration.observe({ queue, outcome: 'failed' }, (Date.now() - job.timestamp) / 1000);
        metrics.errors.inc({ component: `worker:${queue}`, code: errorCode(error) });
        log.warn({ jobId: job.id, attempt: job.attemptsMade + 1, err: error }, 'job failed');
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      stalledInterval: options.stalledInterval ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      lockDuration: options.lockDuration ?? 30_000,
    },
  );
  worker.on('error', (error) => {
    metrics.errors.inc({ component: `worker:${queue}`, code: errorCode(error) });
    log.error({ err: error }, 'worker error');
  });
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job stalled; re-queued'));
  return {
    worker,
    async close() {
      await worker.close();
    },
  };
}

/** A stable, low-cardinality label for an error: its `code` when it has one, else its class name. */
function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : error.name;
  }
  return 'unknown';
}
