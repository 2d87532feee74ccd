import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KUBE_RESOURCES } from '../../src/kube/kubeResources.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import { createIncidentPublisher } from '../../src/watch/createIncidentPublisher.js';
import { createIncidentStore } from '../../src/watch/createIncidentStore.js';
import { createWatcher, type CreateWatcherOptions, type Watcher } from '../../src/watch/createWatcher.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';
import { connectRedis, deletePrefix, testPrefix } from '../helpers/redis.js';
import { backOffEvent, caseA, pod, replicaSet } from './podFixtures.js';

const NS = 'k8s-and-chatgpt';
/** One informer, so one open watch, per kind of a ClusterSnapshot. */
const KINDS = KUBE_RESOURCES.length;
const logger = createLogger('silent');

let kube: FakeKube;
let redis: Redis;
let prefix: string;
let queues: Queues;
const watchers: Watcher[] = [];

beforeEach(async () => {
  redis = connectRedis();
  prefix = testPrefix('watch');
  queues = createQueues({ connection: redis, prefix });
});
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
  await kube.close();
  await queues.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

/** A watcher with test-sized thresholds, sharing this test's Redis prefix (like replicas do). */
/** The metrics registry of the last watcher made, for assertions. */
let metrics = createMetrics();

function watcher(overrides: Partial<CreateWatcherOptions> = {}, updateIntervalMs = 60_000): Watcher {
  metrics = createMetrics();
  const store = createIncidentStore({ redis, prefix, cluster: 'test', cooldownMs: 60_000, updateIntervalMs });
  const w = createWatcher({
    kubeConfig: kube.kubeConfig(),
    cluster: 'test',
    publisher: createIncidentPublisher({ cluster: 'test', store, queue: queues.incidents, metrics, logger }),
    logger,
    metrics,
    debounceMs: 20,
    recheckIntervalMs: 50,
    resolveAfterMs: 200,
    thresholds: { startupGraceMs: 30_000, pendingMs: 30_000, crashLoopMinRestarts: 2 },
    informerBackoff: { initialMs: 20, maxMs: 100 },
    ...overrides,
  });
  watchers.push(w);
  return w;
}

async function jobs(): Promise<Job<IncidentJobData>[]> {
  const all = await queues.incidents.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return all.sort((a, b) => a.timestamp - b.timestamp);
}
const summary = async () => (await jobs()).map((j) => `${j.data.type} ${j.data.finding.namespace} ${j.data.finding.workload} ${j.data.finding.category}`);
const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createWatcher', () => {
  it("turns the seed's case A (three crash-looping pods) into exactly one incident", async () => {
    kube = await startFakeKube(caseA(NS));
    const w = watcher();
    await w.start();
    expect(await summary()).toEqual([`new ${NS} Deployment/test-deployment CrashLoopBackOff`]);
    const [job] = await jobs();
    expect(job?.id).toMatch(/^new-[0-9a-f]{32}-\d+$/);
    expect(job?.data.finding.pods).toHaveLength(3);
    expect(job?.data.cluster).toBe('test');
    // More restarts and events of the same pods fold into it.
    for (let i = 0; i < 5; i += 1) {
      kube.upsert(pod(NS, 'test-deployment', 'test-deployment-7d4b9c8f5d-4xkzq', { crashing: true, restarts: 4 + i }));
      kube.upsert(backOffEvent(NS, 'test-deployment-7d4b9c8f5d-4xkzq', 6 + i));
    }
    await settle();
    await w.flush();
    expect(await jobs()).toHaveLength(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('kdb_incidents_total{category="CrashLoopBackOff",type="new"} 1');
    expect(text).toMatch(/kdb_watch_events_total\{kind="Pod",type="MODIFIED"\} [1-9]/);
    expect(text).toMatch(/kdb_incidents_deduplicated_total [1-9]/);
  });

  it('sends a throttled update with the counts when the failure goes on', async () => {
    kube = await startFakeKube(caseA(NS));
    const w = watcher({}, 300);
    await w.start();
    const name = 'test-deployment-7d4b9c8f5d-4xkzq';
    kube.upsert(pod(NS, 'test-deployment', name, { crashing: true, restarts: 4 }));
    await settle();
    await w.flush();
    expect(await jobs()).toHaveLength(1);
    await settle(300);
    kube.upsert(pod(NS, 'test-deployment', name, { crashing: true, restarts: 5 }));
    kube.upsert(backOffEvent(NS, name, 7));
    await expect.poll(summary).toEqual([`new ${NS} Deployment/test-deployment CrashLoopBackOff`, `update ${NS} Deployment/test-deployment CrashLoopBackOff`]);
    const update = (await jobs())[1]?.data;
    expect(update?.occurrences).toBeGreaterThanOrEqual(3);
    expect(update?.firstSeen).toBe((await jobs())[0]?.data.firstSeen);
    // Rechecks without changes send nothing more.
    await settle(400);
    expect(await jobs()).toHaveLength(2);
  });

  it('gives one incident with two watcher replicas', async () => {
    kube = await startFakeKube([...replicaSet(NS, 'web')]);
    const a = watcher();
    const b = watcher();
    await Promise.all([a.start(), b.start()]);
    for (let i = 0; i < 3; i += 1) kube.upsert(pod(NS, 'web', `web-7d4b9c8f5d-${i}`, { crashing: true, restarts: 2 }));
    await expect.poll(summary).toEqual([`new ${NS} Deployment/web CrashLoopBackOff`]);
    await settle();
    await Promise.all([a.flush(), b.flush()]);
    expect(await jobs()).toHaveLength(1);
  });

  it('loses nothing and duplicates nothing across a 410 Gone and a dropped watch', async () => {
    kube = await startFakeKube([...replicaSet(NS, 'web'), ...replicaSet(NS, 'api'), pod(NS, 'web', 'web-7d4b9c8f5d-a')]);
    const w = watcher();
    await w.start();
    expect(await jobs()).toEqual([]);
    kube.expireWatches();
    // Changed while the watch was gone: seen by the relist.
    kube.upsert(pod(NS, 'web', 'web-7d4b9c8f5d-a', { crashing: true, restarts: 3 }));
    await expect.poll(summary).toEqual([`new ${NS} Deployment/web CrashLoopBackOff`]);
    await expect.poll(() => kube.openWatches()).toBe(KINDS);
    kube.dropWatches();
    // Changed while disconnected: seen on resume from the last resourceVersion.
    kube.upsert(pod(NS, 'api', 'api-7d4b9c8f5d-a', { crashing: true, restarts: 3 }));
    await expect.poll(summary).toEqual([`new ${NS} Deployment/web CrashLoopBackOff`, `new ${NS} Deployment/api CrashLoopBackOff`]);
    // Initial watch, the one after the relist, the resumed one (from a resourceVersion, no relist).
    const podWatches = kube.requests.filter((r) => r.path === '/api/v1/pods' && r.watch);
    expect(podWatches.length).toBeGreaterThanOrEqual(3);
    expect(podWatches.at(-1)?.query.resourceVersion).toMatch(/^\d+$/);
    expect(w.snapshot(NS).pods.map((p) => p.metadata?.name).sort()).toEqual(['api-7d4b9c8f5d-a', 'web-7d4b9c8f5d-a']);
    await expect.poll(() => kube.openWatches()).toBe(KINDS);
    kube.expireWatches();
    kube.dropWatches();
    await expect.poll(() => kube.openWatches()).toBe(KINDS);
    await settle();
    await w.flush();
    expect(await jobs()).toHaveLength(2);
    const relists = kube.requests.filter((r) => r.path === '/api/v1/pods' && !r.watch).length;
    expect(relists).toBeGreaterThanOrEqual(2);
  });

  it('restarts an informer with backoff after an API error, resuming where it was', async () => {
    kube = await startFakeKube([...replicaSet(NS, 'web')]);
    const w = watcher();
    await w.start();
    kube.forbid('Pod');
    kube.expireWatches();
    // The relist now fails with 403: client-node reports the error and stops; we retry.
    await expect.poll(() => w.restarts()).toBeGreaterThanOrEqual(2);
    kube.upsert(pod(NS, 'web', 'web-7d4b9c8f5d-a', { crashing: true, restarts: 3 }));
    kube.forbid('Pod', false);
    await expect.poll(summary).toEqual([`new ${NS} Deployment/web CrashLoopBackOff`]);
  });

  it('works without a kind it may not list (RBAC), and retries it', async () => {
    kube = await startFakeKube(caseA(NS));
    kube.forbid('Node');
    const w = watcher();
    await w.start();
    await expect.poll(summary).toEqual([`new ${NS} Deployment/test-deployment CrashLoopBackOff`]);
    expect(w.restarts()).toBeGreaterThan(0);
  });

  it('replays nothing old after a restart, and keeps resolving what was open', async () => {
    kube = await startFakeKube(caseA(NS));
    const first = watcher();
    await first.start();
    expect(await jobs()).toHaveLength(1);
    await first.stop();
    const second = watcher();
    await second.start();
    await settle();
    expect(await jobs()).toHaveLength(1);
    // Recovery observed by the restarted watcher still resolves the incident opened before.
    for (const p of caseA(NS).filter((o) => o.kind === 'Pod')) kube.upsert(pod(NS, 'test-deployment', p.metadata?.name ?? ''));
    await expect.poll(summary, { timeout: 5000 }).toContain(`resolved ${NS} Deployment/test-deployment CrashLoopBackOff`);
  });

  it('does not report failures present at start when told so, but reports new ones', async () => {
    kube = await startFakeKube([...caseA(NS), ...replicaSet(NS, 'web')]);
    const w = watcher({ reportExistingOnStart: false });
    await w.start();
    await settle();
    expect(await jobs()).toEqual([]);
    kube.upsert(pod(NS, 'web', 'web-7d4b9c8f5d-a', { crashing: true, restarts: 2 }));
    await expect.poll(summary).toEqual([`new ${NS} Deployment/web CrashLoopBackOff`]);
  });

  it('resolves an incident after the workload stays healthy, with its duration', async () => {
    kube = await startFakeKube(caseA(NS));
    const w = watcher();
    await w.start();
    for (const p of caseA(NS).filter((o) => o.kind === 'Pod')) kube.upsert(pod(NS, 'test-deployment', p.metadata?.name ?? ''));
    await expect.poll(summary, { timeout: 5000 }).toEqual([
      `new ${NS} Deployment/test-deployment CrashLoopBackOff`,
      `resolved ${NS} Deployment/test-deployment CrashLoopBackOff`,
    ]);
    const resolved = (await jobs())[1];
    expect(resolved?.data.resolvedAfterMs).toBeGreaterThanOrEqual(0);
    expect(resolved?.data.fingerprint).toBe((await jobs())[0]?.data.fingerprint);
  });

  it('resolves when the failing pods are deleted, although their events remain', async () => {
    kube = await startFakeKube(caseA(NS));
    const w = watcher();
    await w.start();
    for (const p of caseA(NS).filter((o) => o.kind === 'Pod' || o.kind === 'Deployment' || o.kind === 'ReplicaSet')) kube.remove(p);
    await expect.poll(summary, { timeout: 5000 }).toEqual([
      `new ${NS} Deployment/test-deployment CrashLoopBackOff`,
      `resolved ${NS} Deployment/test-deployment CrashLoopBackOff`,
    ]);
    await settle(300);
    expect(await jobs()).toHaveLength(2);
  });

  it('ignores excluded namespaces', async () => {
    kube = await startFakeKube([...caseA('kube-system'), ...caseA('team-a')]);
    const w = watcher({ namespaces: { include: ['*'], exclude: ['kube-*'] } });
    await w.start();
    expect(await summary()).toEqual(['new team-a Deployment/test-deployment CrashLoopBackOff']);
  });

  it("detects a NotReady node, a failed Job and an unbound PVC (the seed's case B) from state", async () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    kube = await startFakeKube([{ kind: 'Node', metadata: { name: 'worker-2' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }]);
    const w = watcher();
    await w.start();
    kube.upsert({ kind: 'Node', metadata: { name: 'worker-2' }, status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }] } });
    kube.upsert({
      kind: 'Job',
      metadata: { namespace: 'batch', name: 'nightly-report' },
      spec: { backoffLimit: 2, template: {} },
      status: { failed: 3, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] },
    });
    kube.upsert({
      kind: 'PersistentVolumeClaim',
      metadata: { namespace: 'monitoring', name: 'storage-prometheus-alertmanager-0', creationTimestamp: old },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
      status: { phase: 'Pending' },
    });
    kube.upsert({
      kind: 'Event',
      metadata: { namespace: 'monitoring', name: 'storage-prometheus-alertmanager-0.1' },
      involvedObject: { kind: 'PersistentVolumeClaim', namespace: 'monitoring', name: 'storage-prometheus-alertmanager-0' },
      reason: 'FailedBinding', type: 'Warning', count: 42, lastTimestamp: new Date().toISOString(),
      message: 'no persistent volumes available for this claim and no storage class is set',
    });
    await expect.poll(async () => (await summary()).sort()).toEqual([
      'new  Node/worker-2 NodeNotReady',
      'new batch Job/nightly-report JobFailed',
      'new monitoring PersistentVolumeClaim/storage-prometheus-alertmanager-0 PVCUnbound',
    ]);
  });

  it('reads Services, EndpointSlices, Ingresses and autoscalers through their informers', async () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    kube = await startFakeKube([]);
    const w = watcher();
    await w.start();
    kube.upsert({ kind: 'Service', metadata: { namespace: 'shop', name: 'checkout', creationTimestamp: old }, spec: { selector: { app: 'checkout' }, ports: [{ port: 80 }] } });
    kube.upsert({ kind: 'EndpointSlice', metadata: { namespace: 'shop', name: 'checkout-x1', labels: { 'kubernetes.io/service-name': 'checkout' }, creationTimestamp: old }, addressType: 'IPv4', endpoints: [] });
    kube.upsert({
      kind: 'Ingress',
      metadata: { namespace: 'shop', name: 'www', creationTimestamp: old },
      spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gone', port: { number: 80 } } } }] } }] },
    });
    kube.upsert({
      kind: 'HorizontalPodAutoscaler',
      metadata: { namespace: 'shop', name: 'api', creationTimestamp: old },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' }, maxReplicas: 5 },
      status: { conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: no metrics returned from resource metrics API', lastTransitionTime: old }] },
    });
    await expect.poll(async () => (await summary()).sort()).toEqual([
      'new shop Deployment/api AutoscalerFailing',
      'new shop Ingress/www IngressMisconfigured',
      'new shop Service/checkout ServiceNoEndpoints',
    ]);
  });

  it('waits out grace periods: young image pulls, first restarts, short unschedulable spells', async () => {
    kube = await startFakeKube([...replicaSet(NS, 'img'), ...replicaSet(NS, 'crash'), ...replicaSet(NS, 'big')]);
    const w = watcher();
    await w.start();
    kube.upsert(pod(NS, 'img', 'img-7d4b9c8f5d-a', { waitingReason: 'ImagePullBackOff', ageMs: 1000 }));
    kube.upsert(pod(NS, 'crash', 'crash-7d4b9c8f5d-a', { crashing: true, restarts: 1 }));
    kube.upsert(pod(NS, 'big', 'big-7d4b9c8f5d-a', { pendingUnschedulable: '0/3 nodes are available: 3 Insufficient cpu.', ageMs: 1000 }));
    await settle();
    await w.flush();
    expect(await jobs()).toEqual([]);
    kube.upsert(pod(NS, 'img', 'img-7d4b9c8f5d-a', { waitingReason: 'ImagePullBackOff', ageMs: 60_000 }));
    kube.upsert(pod(NS, 'crash', 'crash-7d4b9c8f5d-a', { crashing: true, restarts: 2 }));
    kube.upsert(pod(NS, 'big', 'big-7d4b9c8f5d-a', { pendingUnschedulable: '0/3 nodes are available: 3 Insufficient cpu.', ageMs: 60_000 }));
    await expect.poll(async () => (await summary()).sort()).toEqual([
      `new ${NS} Deployment/big InsufficientResources`,
      `new ${NS} Deployment/crash CrashLoopBackOff`,
      `new ${NS} Deployment/img ImagePullBackOff`,
    ]);
  });
});
