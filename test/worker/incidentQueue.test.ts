import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createQueueWorker, type QueueWorker } from '../../src/queue/createQueueWorker.js';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { connectRedis } from '../helpers/redis.js';
import { findingOf, incidentJob, startHarness, type Harness } from '../slack/harness.js';
import { caseA } from '../slack/seedCases.js';

/** Slack failures through a real BullMQ worker: the job is kept, not lost. */
let h: Harness;
let queues: Queues;
let worker: QueueWorker<IncidentJobData, undefined>;
let workerRedis: Redis;

beforeEach(async () => {
  h = await startHarness('slack-queue', caseA());
  workerRedis = connectRedis();
  queues = createQueues({ connection: h.redis, prefix: `${h.prefix}:bull`, defaultJobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 50 }, removeOnFail: false } });
  const handle = createIncidentHandler({
    poster: h.poster,
    store: h.store,
    diagnoser: createDiagnoser({ logger: h.logger }),
    readSnapshot: h.readSnapshot,
    defaultChannel: 'C0OPS',
    logger: h.logger,
  });
  worker = createQueueWorker<IncidentJobData, undefined>({ queue: 'incidents', connection: workerRedis, prefix: `${h.prefix}:bull`, processor: async (job) => { await handle(job.data); return undefined; }, logger: h.logger, metrics: h.metrics });
});
afterEach(async () => {
  await worker.close();
  await queues.close();
  workerRedis.disconnect();
  await h.close();
});

describe('incident jobs and Slack failures', () => {
  it('retries a not_in_channel post until it lands, once', async () => {
    h.slack.fail('chat.postMessage', { error: 'not_in_channel' });
    await queues.incidents.add('new', incidentJob(findingOf(caseA())), { jobId: 'fp-case-a-new' });
    await vi.waitFor(async () => expect(await queues.incidents.getJobState('fp-case-a-new')).toBe('completed'), { timeout: 10_000 });
    expect(h.slack.messages('C0OPS').filter((m) => m.thread_ts === undefined)).toHaveLength(1);
  });

  it('keeps a channel_not_found job in the failed set after one attempt, for a re-run after the fix', async () => {
    h.slack.fail('chat.postMessage', { error: 'channel_not_found' });
    await queues.incidents.add('new', incidentJob(findingOf(caseA())), { jobId: 'fp-case-a-new' });
    await vi.waitFor(async () => expect(await queues.incidents.getJobState('fp-case-a-new')).toBe('failed'), { timeout: 10_000 });
    const job = await queues.incidents.getJob('fp-case-a-new');
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toMatch(/channel_not_found.*SLACK_OPS_CHANNEL/);
    await job?.retry();
    await vi.waitFor(async () => expect(await queues.incidents.getJobState('fp-case-a-new')).toBe('completed'), { timeout: 10_000 });
    expect(h.slack.messages('C0OPS').filter((m) => m.thread_ts === undefined)).toHaveLength(1);
  });
});
