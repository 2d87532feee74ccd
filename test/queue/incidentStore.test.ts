import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/analyze/types.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createIncidentPublisher } from '../../src/watch/createIncidentPublisher.js';
import { createIncidentStore } from '../../src/watch/createIncidentStore.js';
import { incidentFingerprint } from '../../src/watch/incidentFingerprint.js';
import { connectRedis, deletePrefix, testPrefix } from '../helpers/redis.js';

const finding: Finding = {
  kind: 'Pod', namespace: 'k8s-and-chatgpt', name: 'test-deployment-a', workload: 'Deployment/test-deployment',
  category: 'CrashLoopBackOff', component: 'container "ubuntu"', severity: 'high', summary: 's', evidence: [], rootCause: [],
  pods: ['test-deployment-a'], containers: ['ubuntu'], related: [],
};

let redis: Redis;
let prefix: string;
beforeEach(() => {
  redis = connectRedis();
  prefix = testPrefix('store');
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('incidentFingerprint', () => {
  it('depends on cluster, namespace, workload and category only', () => {
    const fp = incidentFingerprint('c1', finding);
    expect(fp).toMatch(/^[0-9a-f]{32}$/);
    expect(incidentFingerprint('c1', { ...finding, name: 'other-pod' } as Finding)).toBe(fp);
    expect(incidentFingerprint('c2', finding)).not.toBe(fp);
    expect(incidentFingerprint('c1', { ...finding, category: 'OOMKilled' })).not.toBe(fp);
  });
});

describe('createIncidentStore', () => {
  it('is new once, folds repeats, updates at most once per interval, resolves once, comes back as new', async () => {
    const store = createIncidentStore({ redis, prefix, cluster: 'c1', cooldownMs: 60_000, updateIntervalMs: 1000 });
    const fp = incidentFingerprint('c1', finding);
    expect((await store.observe({ fingerprint: fp, finding, nowMs: 1000, occurrences: 1 })).action).toBe('new');
    expect((await store.observe({ fingerprint: fp, finding, nowMs: 1500, occurrences: 3 })).action).toBe('none');
    expect((await store.observe({ fingerprint: fp, finding, nowMs: 2500, occurrences: 0 })).action).toBe('none');
    const update = await store.observe({ fingerprint: fp, finding, nowMs: 2600, occurrences: 1 });
    expect(update).toEqual({ action: 'update', firstSeenMs: 1000, atMs: 2600, occurrences: 5 });
    expect((await store.openIncidents()).map((i) => i.fingerprint)).toEqual([fp]);
    const resolved = await store.resolve({ fingerprint: fp, nowMs: 9000 });
    expect(resolved).toMatchObject({ firstSeenMs: 1000, resolvedAtMs: 9000, occurrences: 5, finding });
    expect(await store.resolve({ fingerprint: fp, nowMs: 9001 })).toBeUndefined();
    expect(await store.openIncidents()).toEqual([]);
    expect(await store.observe({ fingerprint: fp, finding, nowMs: 9500, occurrences: 1 })).toEqual({ action: 'new', firstSeenMs: 9500, atMs: 9500, occurrences: 1 });
    expect(await redis.pttl(`${prefix}:incident:${fp}`)).toBeGreaterThan(50_000);
  });

  it('gives one "new" to racing replicas', async () => {
    const fp = incidentFingerprint('c1', finding);
    const replicas = [connectRedis(), connectRedis(), connectRedis()];
    const actions = await Promise.all(
      replicas.map((r) => createIncidentStore({ redis: r, prefix, cluster: 'c1' }).observe({ fingerprint: fp, finding, nowMs: 5, occurrences: 1 })),
    );
    expect(actions.map((a) => a.action).sort()).toEqual(['new', 'none', 'none']);
    replicas.forEach((r) => r.disconnect());
  });

  it('forgets an incident after the cooldown', async () => {
    const store = createIncidentStore({ redis, prefix, cluster: 'c1', cooldownMs: 50 });
    const fp = incidentFingerprint('c1', finding);
    await store.observe({ fingerprint: fp, finding, nowMs: 1, occurrences: 1 });
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await store.observe({ fingerprint: fp, finding, nowMs: 2, occurrences: 1 })).action).toBe('new');
  });
});

describe('createIncidentPublisher', () => {
  it('undoes a "new" whose job could not be enqueued, so the next sighting posts it', async () => {
    const store = createIncidentStore({ redis, prefix, cluster: 'c1' });
    const added: string[] = [];
    let queueDown = true;
    const publisher = createIncidentPublisher({
      cluster: 'c1',
      store,
      metrics: createMetrics(),
      logger: createLogger('silent'),
      // A stand-in for the external queue (Redis unreachable), not for our own code.
      queue: {
        add: async (name: string) => {
          if (queueDown) throw new Error('Connection is closed.');
          added.push(name);
          return undefined as never;
        },
      },
    });
    await expect(publisher.report(finding, 1, 1000)).rejects.toThrow('Connection is closed.');
    queueDown = false;
    await publisher.report(finding, 1, 2000);
    expect(added).toEqual(['new']);
  });
});
