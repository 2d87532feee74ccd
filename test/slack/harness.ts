import type { Redis } from 'ioredis';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { Finding } from '../../src/analyze/types.js';
import { readClusterSnapshot } from '../../src/kube/readClusterSnapshot.js';
import { createLogReader } from '../../src/kube/podLogs.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import type { SlackAppOptions } from '../../src/slack/createSlackApp.js';
import { createSlackClient } from '../../src/slack/createSlackClient.js';
import { createSlackPoster, type SlackPoster } from '../../src/slack/createSlackPoster.js';
import { createThreadStore, type ThreadRecord, type ThreadStore } from '../../src/slack/createThreadStore.js';
import { startFakeKube, type FakeKube, type KubeObject } from '../fakes/kube.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { connectRedis, deletePrefix, testPrefix } from '../helpers/redis.js';
import { caseA, NOW } from './seedCases.js';

/** Everything a Slack handler test needs, all real: fake Slack and Kubernetes on loopback, real Redis. */
export interface Harness {
  slack: FakeSlack;
  kube: FakeKube;
  redis: Redis;
  prefix: string;
  store: ThreadStore;
  poster: SlackPoster;
  metrics: Metrics;
  logger: ReturnType<typeof createLogger>;
  clock: { now: number };
  readSnapshot: (options: { namespace?: string }) => ReturnType<typeof readClusterSnapshot>;
  logs: ReturnType<typeof createLogReader>;
  close(): Promise<void>;
}

export async function startHarness(name: string, objects: unknown[]): Promise<Harness> {
  const slack = await startFakeSlack();
  const kube = await startFakeKube(objects as KubeObject[]);
  const redis = connectRedis();
  const prefix = testPrefix(name);
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
  const metrics = createMetrics();
  // Short timeout and retry delays keep the tests fast; the behaviour is the production one.
  const client = createSlackClient('xoxb-test', { slackApiUrl: slack.url, logger, timeoutMs: 400, retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 50 } });
  const kc = kube.kubeConfig();
  return {
    slack,
    kube,
    redis,
    prefix,
    store: createThreadStore({ redis, prefix }),
    poster: createSlackPoster({ client, metrics, logger }),
    metrics,
    logger,
    clock: { now: NOW },
    readSnapshot: (options) => readClusterSnapshot(kc, { ...options, logger }),
    logs: createLogReader(kc),
    close: async () => {
      await deletePrefix(redis, prefix);
      redis.disconnect();
      await Promise.all([slack.close(), kube.close()]);
    },
  };
}

/** The analyzer's first finding for a seed case. */
export function findingOf(objects: unknown[]): Finding {
  const [finding] = analyze(snapshotFromObjects(objects).snapshot, { now: new Date(NOW) });
  if (finding === undefined) throw new Error('the analyzer found nothing');
  return finding;
}

export function incidentJob(finding: Finding, overrides: Partial<IncidentJobData> = {}): IncidentJobData {
  return {
    type: 'new',
    fingerprint: 'fp-case-a',
    cluster: 'onprem-lab',
    finding,
    firstSeen: new Date(NOW - 125 * 60_000).toISOString(),
    lastSeen: new Date(NOW).toISOString(),
    occurrences: 209,
    ...overrides,
  };
}

/** The counter's value for one label set. */
export async function counterValue(metrics: Metrics, labels: { method: string; outcome: string }): Promise<number> {
  const metric = await metrics.slackPosts.get();
  return metric.values.find((v) => v.labels.method === labels.method && v.labels.outcome === labels.outcome)?.value ?? 0;
}

/** The signing secret of `slackAppOptions`. */
export const SIGNING_SECRET = 'test-signing-secret';

/**
 * Options of `createSlackApp` against the harness: HTTP mode on a free port, signed with
 * `SIGNING_SECRET`, every namespace allowed, nothing enqueued; `overrides` win.
 */
export function slackAppOptions(h: Harness, overrides: Partial<SlackAppOptions> = {}): SlackAppOptions {
  return {
    botToken: 'xoxb-test',
    signingSecret: SIGNING_SECRET,
    slackApiUrl: h.slack.url,
    port: 0,
    logger: h.logger,
    metrics: h.metrics,
    store: h.store,
    enqueueFollowup: async () => undefined,
    allowedNamespaces: ['*'],
    ...overrides,
  };
}

/** Case A's incident thread at `ts` in C0OPS, as the incident handler stores it. */
export function caseAThread(ts: string): ThreadRecord {
  return {
    key: 'fp-case-a-1',
    fingerprint: 'fp-case-a',
    channel: 'C0OPS',
    ts,
    cluster: 'onprem-lab',
    finding: findingOf(caseA()),
    evidence: { sections: [], clusterShape: { controlPlaneNodes: 2, workerNodes: 3, kubernetesVersion: '' } },
    result: { diagnosis: { faultLocation: '', additionalInfo: '', explanation: '', causes: [], debugSteps: [], fixes: [] }, source: { kind: 'rules', reason: 'no-llm' } },
    language: 'en',
    firstSeen: new Date().toISOString(),
    occurrences: 1,
    mentions: [],
    evidencePosted: true,
  };
}
