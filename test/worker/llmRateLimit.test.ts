import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { llmDeferral, withRateLimit } from '../../src/diagnose/withRateLimit.js';
import { createQueueWorker, type QueueWorker } from '../../src/queue/createQueueWorker.js';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import { createWindowLimiter } from '../../src/queue/createWindowLimiter.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { connectRedis } from '../helpers/redis.js';
import { findingOf, incidentJob, startHarness, type Harness } from '../slack/harness.js';
import { caseA } from '../slack/seedCases.js';

/** The LLM rate limit counts LLM requests: in a storm, jobs that need no LLM never wait behind it. */
const MAX = 2;
const WINDOW_MS = 3000;

let h: Harness;
let openai: FakeOpenAI;
let queues: Queues;
let worker: QueueWorker<IncidentJobData, undefined>;
let workerRedis: Redis;
const requestTimes: number[] = [];

beforeEach(async () => {
  h = await startHarness('llm-rate', caseA());
  openai = await startFakeOpenAI();
  requestTimes.length = 0;
  openai.respond = () => {
    requestTimes.push(Date.now());
    return undefined;
  };
  workerRedis = connectRedis();
  queues = createQueues({ connection: h.redis, prefix: `${h.prefix}:bull`, defaultJobOptions: { attempts: 5, backoff: { type: 'fixed', delay: 100 } } });
  const limiter = createWindowLimiter({ redis: h.redis, key: `${h.prefix}:llm-rate`, max: MAX, windowMs: WINDOW_MS });
  const llm = withRateLimit(createLlmClient({ apiKey: 'test', baseURL: openai.url, maxRetries: 0 }), { limiter, maxWaitMs: 100 });
  const handle = createIncidentHandler({
    poster: h.poster,
    store: h.store,
    diagnoser: createDiagnoser({ llm, logger: h.logger, metrics: h.metrics }),
    readSnapshot: h.readSnapshot,
    defaultChannel: 'C0OPS',
    logger: h.logger,
  });
  worker = createQueueWorker<IncidentJobData, undefined>({
    queue: 'incidents', connection: workerRedis, prefix: `${h.prefix}:bull`, logger: h.logger, metrics: h.metrics,
    concurrency: 2,
    deferral: llmDeferral,
    processor: async (job) => {
      await handle(job.data, job.id);
      return undefined;
    },
  });
});
afterEach(async () => {
  await worker.close();
  await queues.close();
  workerRedis.disconnect();
  await openai.close();
  await h.close();
});

const topLevel = () => h.slack.messages('C0OPS').filter((m) => m.thread_ts === undefined);
const completed = async (ids: string[]) => (await Promise.all(ids.map((id) => queues.incidents.getJobState(id)))).every((s) => s === 'completed');

describe('LLM_RATE_LIMIT_PER_MINUTE in front of the LLM client', () => {
  it('lets a storm\'s updates and resolutions through at once while new incidents wait for LLM slots', async () => {
    const finding = findingOf(caseA());
    // One workload per incident: jobs of one workload take turns on its lock.
    const job = (fingerprint: string, overrides: Partial<IncidentJobData> = {}) => incidentJob({ ...finding, workload: `Deployment/app-${fingerprint}` }, { fingerprint, ...overrides });
    // Two incidents take the window's two LLM requests.
    await queues.incidents.addBulk(['fp-0', 'fp-1'].map((fp) => ({ name: 'new', data: job(fp), opts: { jobId: `new-${fp}` } })));
    await expect.poll(() => completed(['new-fp-0', 'new-fp-1']), { timeout: 5000 }).toBe(true);

    // The storm: four more new incidents (queued first), then an update and a resolution.
    const news = ['fp-2', 'fp-3', 'fp-4', 'fp-5'];
    await queues.incidents.addBulk(news.map((fp) => ({ name: 'new', data: job(fp), opts: { jobId: `new-${fp}` } })));
    await queues.incidents.addBulk([
      { name: 'update', data: job('fp-0', { type: 'update', occurrences: 400 }), opts: { jobId: 'update-fp-0' } },
      { name: 'resolved', data: job('fp-1', { type: 'resolved', resolvedAfterMs: 600_000 }), opts: { jobId: 'resolved-fp-1' } },
    ]);
    // Every job lands: each new incident posted once, as LLM slots free, never over the limit.
    await expect.poll(() => completed(['update-fp-0', 'resolved-fp-1', ...news.map((fp) => `new-${fp}`)]), { timeout: 15_000, interval: 100 }).toBe(true);
    expect(topLevel()).toHaveLength(6);
    expect(h.slack.callsTo('chat.update').length).toBeGreaterThanOrEqual(2);
    expect(requestTimes).toHaveLength(6);
    for (let i = MAX; i < requestTimes.length; i += 1) {
      // Arrival times at the fake, so a little slack for the trip after the slot was taken.
      expect((requestTimes[i] ?? 0) - (requestTimes[i - MAX] ?? 0)).toBeGreaterThanOrEqual(WINDOW_MS - 300);
    }
    // The update and the resolution, queued behind four new incidents, did not wait for the window:
    // both were done before the first of those incidents got its LLM request.
    const finished = await Promise.all(['update-fp-0', 'resolved-fp-1'].map(async (id) => (await queues.incidents.getJob(id))?.finishedOn ?? Infinity));
    for (const at of finished) expect(at).toBeLessThan(requestTimes[MAX] ?? 0);
    expect(await h.metrics.registry.metrics()).toMatch(/kdb_llm_calls_total\{outcome="deferred"\} [1-9]/);
    const states = await Promise.all(news.map(async (fp) => (await queues.incidents.getJob(`new-${fp}`))?.attemptsMade));
    expect(states.every((made) => made === 1)).toBe(true);
  }, 20_000);
});
