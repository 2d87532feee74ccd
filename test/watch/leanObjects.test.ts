import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import type { ClusterSnapshot } from '../../src/analyze/types.js';
import { KUBE_RESOURCES } from '../../src/kube/kubeResources.js';
import { leanerFor } from '../../src/watch/leanObjects.js';
import { FIXTURE_NOW } from '../analyze/analyzeFixture.js';
import { NOW as BUILDERS_NOW } from '../analyze/builders.js';
import { crashingRevision7 } from '../analyze/rolloutFixtures.js';
import * as diagnoseSeed from '../diagnose/seedCases.js';
import { heapAfterGc } from '../helpers/heapAfterGc.js';
import * as slackSeed from '../slack/seedCases.js';
import { realisticCluster } from '../../bench/realisticCluster.js';
import { backOffEvent, pod as servedPod } from './podFixtures.js';

type Meta = { managedFields?: unknown[]; annotations?: Record<string, string> };

/** What the API server adds to every object and the analyzer never reads. */
function asServed<T extends { metadata?: object }>(object: T): T {
  const metadata = (object.metadata ?? {}) as Meta;
  return {
    ...object,
    metadata: {
      ...metadata,
      annotations: { ...metadata.annotations, 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(object) },
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': {} } } }],
    },
  };
}

/** The snapshot as the informer caches keep it: every object through its kind's leaner. */
function leanSnapshot(snapshot: ClusterSnapshot): ClusterSnapshot {
  const out = { ...snapshot };
  for (const resource of KUBE_RESOURCES) {
    const lean = leanerFor(resource.kind);
    (out[resource.key] as unknown[]) = snapshot[resource.key].map((object) => lean(asServed(object)));
  }
  return out;
}

const fixtures = readdirSync(new URL('../fixtures/categories/', import.meta.url)).filter((f) => f.endsWith('.json'));
const fromFile = (file: string) =>
  snapshotFromObjects([JSON.parse(readFileSync(new URL(`../fixtures/categories/${file}`, import.meta.url), 'utf8')) as unknown]).snapshot;

const cases: { name: string; snapshot: ClusterSnapshot; now: Date }[] = [
  ...fixtures.map((file) => ({ name: file, snapshot: fromFile(file), now: FIXTURE_NOW })),
  { name: 'seed A (diagnose)', snapshot: diagnoseSeed.caseA([{ name: 'DB_PASSWORD', value: 'hunter2' }]).snapshot, now: new Date(diagnoseSeed.NOW) },
  { name: 'seed B (diagnose)', snapshot: diagnoseSeed.caseB().snapshot, now: new Date(diagnoseSeed.NOW) },
  { name: 'seed A (wire)', snapshot: snapshotFromObjects(slackSeed.caseA({ annotations: { 'kube-diagnose-bot/notify': 'S0123ABCD' } })).snapshot, now: new Date(slackSeed.NOW) },
  { name: 'seed B (wire)', snapshot: snapshotFromObjects(slackSeed.caseB()).snapshot, now: new Date(slackSeed.NOW) },
  // What changed: the analyzer compares the ReplicaSets' templates.
  { name: 'rollout revision 7', snapshot: snapshotFromObjects([{ kind: 'List', items: crashingRevision7('2024-05-01T11:45:00Z', '2024-05-01T11:48:00Z') }]).snapshot, now: BUILDERS_NOW },
];

describe('the informer transform keeps every field the analyzer reads', () => {
  it('covers every category fixture', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(22);
  });

  for (const { name, snapshot, now } of cases) {
    it(name, () => {
      const lean = leanSnapshot(snapshot);
      const findings = analyze(snapshot, { now });
      expect(findings.length).toBeGreaterThan(0);
      expect(analyze(lean, { now })).toEqual(findings);
    });
  }

  it('drops managedFields, foreign annotations, env, probes and pod templates; keeps our annotations', () => {
    const snapshot = leanSnapshot(snapshotFromObjects(slackSeed.caseA({ annotations: { 'kube-diagnose-bot/notify': 'S0123ABCD' } })).snapshot);
    const deployment = snapshot.deployments[0];
    expect(deployment?.metadata?.annotations).toEqual({ 'kube-diagnose-bot/notify': 'S0123ABCD' });
    expect(deployment?.spec?.template).toBeUndefined();
    const pod = leanSnapshot(diagnoseSeed.caseA([{ name: 'DB_PASSWORD', value: 'hunter2' }]).snapshot).pods[0];
    expect(JSON.stringify(pod)).not.toMatch(/managedFields|last-applied|hunter2|DB_PASSWORD/);
    expect(pod?.spec?.containers[0]).toEqual({ name: 'ubuntu', resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } } });
  });

  it('gives lean objects of one kind one hidden class, however many kinds went through before', () => {
    // A spread-built object gets a hidden class of its own once V8's clone cache goes
    // megamorphic: ~3 KB of maps and descriptors per cached pod, a fifth of the watcher's heap.
    setFlagsFromString('--allow-natives-syntax');
    const sameShape = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean;
    setFlagsFromString('--no-allow-natives-syntax');
    for (const { snapshot } of cases) leanSnapshot(snapshot);
    const leanPod = leanerFor('Pod');
    const leanEvent = leanerFor('Event');
    const served = (object: object) => JSON.parse(JSON.stringify(asServed(object))) as KubernetesObject;
    const pods = Array.from({ length: 200 }, (_, i) => leanPod(served(servedPod('ns', 'web', `web-${i}`, { crashing: i % 2 === 0 }))));
    const events = Array.from({ length: 200 }, (_, i) => leanEvent(served(backOffEvent('ns', `web-${i}`, i + 1))));
    const shared = (objects: KubernetesObject[], part: (o: KubernetesObject) => unknown) =>
      objects.filter((o, i) => i % 2 === 0 && i > 0 && sameShape(part(o), part(objects[i - 2] as KubernetesObject))).length;
    expect(shared(pods, (o) => o)).toBe(99);
    expect(shared(pods, (o) => (o as V1Pod).status)).toBe(99);
    expect(shared(events, (o) => o)).toBe(99);
  });

  it('keeps one copy of the values pods repeat: a realistic lean pod costs under 1.7 KB of heap', () => {
    const leanPod = leanerFor('Pod');
    // Each pod parsed from its own text, as pages and watch events arrive: no string is shared.
    const texts = realisticCluster(5000).objects.filter((o) => o.kind === 'Pod').map((o) => JSON.stringify(o));
    const before = heapAfterGc();
    const pods = texts.map((text) => leanPod(JSON.parse(text) as KubernetesObject));
    const perPod = (heapAfterGc() - before) / pods.length;
    expect(pods).toHaveLength(5000);
    // Measured: 1,924 bytes with a copy of every value, 1,454 with shared values.
    expect(perPod).toBeLessThan(1700);
  });
});
