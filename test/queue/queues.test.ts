import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createQueueWorker, type QueueWorker } from '../../src/queue/createQueueWorker.js';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import { QUEUES } from '../../src/queue/types.js';
import { connectRedis, deletePrefix, openRedis, REDIS_URL, testPrefix } from '../helpers/redis.js';

let redis: Redis;
let prefix: string;
let queues: Queues<{ n: number }>;
const workers: QueueWorker<unknown, unknown>[] = [];
const logger = createLogger('silent');

beforeEach(() => {
  redis = connectRedis();
  prefix = testPrefix('queues');
  queues = createQueues<{ n: number }>({
    connection: redis,
    prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 10 }, removeOnComplete: 10, removeOnFail: 10 },
  });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
  await queues.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('createQueues and createQueueWorker', () => {
  it('retries a failing job with backoff, records metrics and completes it', async () => {
    const metrics = createMetrics();
    let calls = 0;
    const worker = createQueueWorker<{ n: number }, number>({
      queue: QUEUES.followups, connection: connectRedis(), prefix, logger, metrics,
      processor: async (job) => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('flaky'), { code: 'FLAKY' });
        return job.data.n * 2;
      },
    });
    workers.push(worker as QueueWorker<unknown, unknown>);
    const job = await queues.followups.add('q', { n: 21 });
    await expect.poll(async () => (await queues.followups.getJob(job.id ?? ''))?.returnvalue, { timeout: 5000 }).toBe(42);
    expect(calls).toBe(3);
    const text = await metrics.registry.metrics();
    expect(text).toContain('kdb_errors_total{component="worker:followups",code="FLAKY"} 2');
    expect(text).toMatch(/kdb_job_duration_seconds_count\{queue="followups",outcome="completed"\} 1/);
  });

  it('puts a deferred job back delayed without using an attempt, while the others run', async () => {
    const runs: number[] = [];
    const later = new Error('not now');
    const w = createQueueWorker<{ n: number }, undefined>({
      queue: QUEUES.followups, connection: connectRedis(), prefix, logger, metrics: createMetrics(), concurrency: 1,
      deferral: (error) => (error === later ? 600 : undefined),
      processor: async (job) => {
        runs.push(job.data.n);
        if (job.data.n === 1 && runs.filter((n) => n === 1).length === 1) throw later;
        return undefined;
      },
    });
    workers.push(w as QueueWorker<unknown, unknown>);
    const first = await queues.followups.add('q', { n: 1 });
    await expect.poll(async () => queues.followups.getJobState(first.id ?? ''), { timeout: 5000 }).toBe('delayed');
    await queues.followups.addBulk([2, 3].map((n) => ({ name: 'q', data: { n } })));
    await expect.poll(() => runs.length, { timeout: 5000 }).toBe(4);
    // Jobs 2 and 3 ran while 1 waited out its delay, in its one slot.
    expect(runs).toEqual([1, 2, 3, 1]);
    await expect.poll(async () => queues.followups.getJobState(first.id ?? ''), { timeout: 5000 }).toBe('completed');
    expect((await queues.followups.getJob(first.id ?? ''))?.attemptsMade).toBe(1);
  });

  it("recovers a dead worker's job as stalled and runs it on another worker", async () => {
    const dead = createQueueWorker<{ n: number }, string>({
      queue: QUEUES.incidents, connection: connectRedis(), prefix, logger, metrics: createMetrics(),
      // Same stalledInterval as the survivor: BullMQ lets one stall check per interval across workers.
      lockDuration: 300, stalledInterval: 200,
      processor: () => new Promise<string>(() => undefined),
    });
    const job = await queues.incidents.add('new', { type: 'new' } as never);
    await expect.poll(async () => queues.incidents.getJobState(job.id ?? ''), { timeout: 5000 }).toBe('active');
    // A crash: no lock renewal, no completion.
    await dead.worker.close(true);
    const alive = createQueueWorker<{ n: number }, string>({
      queue: QUEUES.incidents, connection: connectRedis(), prefix, logger, metrics: createMetrics(),
      lockDuration: 300, stalledInterval: 200,
      processor: async () => 'done',
    });
    workers.push(alive as QueueWorker<unknown, unknown>);
    await expect.poll(async () => (await queues.incidents.getJob(job.id ?? ''))?.returnvalue, { timeout: 8000 }).toBe('done');
  });

  it('finishes the job in hand on close', async () => {
    let release: () => void = () => undefined;
    let finished = false;
    const worker = createQueueWorker<{ n: number }, undefined>({
      queue: QUEUES.incidents, connection: connectRedis(), prefix, logger, metrics: createMetrics(),
      processor: async () => {
        await new Promise<void>((resolve) => (release = resolve));
        finished = true;
        return undefined;
      },
    });
    const job = await queues.incidents.add('new', { type: 'new' } as never);
    await expect.poll(async () => queues.incidents.getJobState(job.id ?? ''), { timeout: 5000 }).toBe('active');
    const closing = worker.close();
    setTimeout(() => release(), 100);
    await closing;
    expect(finished).toBe(true);
    expect(await queues.incidents.getJobState(job.id ?? '')).toBe('completed');
  });

  it('reports queue depth and refuses a worker connection that would break blocking calls', async () => {
    await queues.incidents.add('new', { type: 'new' } as never, { delay: 60_000 });
    await queues.followups.add('q', { n: 1 });
    expect(await queues.depths()).toEqual({ incidents: 1, followups: 1 });
    const bad = openRedis(REDIS_URL, { lazyConnect: true });
    expect(() =>
      createQueueWorker({ queue: QUEUES.incidents, connection: bad, prefix, logger, metrics: createMetrics(), processor: async () => undefined }),
    ).toThrow(/maxRetriesPerRequest: null/);
    bad.disconnect();
  });
});
