import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { recentChanges } from '../../src/analyze/recentChanges.js';
import { rolloutHistory } from '../../src/analyze/rolloutHistory.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { Finding } from '../../src/analyze/types.js';
import { collectEvidence } from '../../src/diagnose/collectEvidence.js';
import { explainWithRules } from '../../src/diagnose/rules/explainWithRules.js';
import { crashLoop, event, NOW, pod, terminated } from './builders.js';

type Json = Record<string, unknown>;

const template = (image: string, env: string[], memory: string, volume: string, args?: string[]): Json => ({
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'app', image, env: env.map((name) => ({ name, value: 'v' })), resources: { limits: { memory } }, ...(args !== undefined ? { args } : {}) }],
    volumes: [{ name: volume, configMap: { name: volume } }],
  },
});
const replicaSet = (hash: string, revision: number, created: string, tpl: Json): Json => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: `web-${hash}`,
    namespace: 'default',
    creationTimestamp: created,
    labels: { app: 'web', 'pod-template-hash': hash },
    annotations: { 'deployment.kubernetes.io/revision': String(revision) },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }],
  },
  spec: { replicas: 1, template: tpl },
  status: { replicas: 1 },
});

const V6 = template('web:1.4', ['DB_URL', 'OLD_FLAG'], '256Mi', 'config');
const V7 = template('web:1.5', ['DB_URL', 'NEW_FLAG'], '512Mi', 'config-v2', ['--fast']);

function crashingRevision7(rolledOutAt: string, firstCrash: string): Json[] {
  const name = 'web-7d9c8b6f5d-aaaaa';
  const backOff = { ...event('Pod', name, 'Warning', 'BackOff', `Back-off restarting failed container app in pod ${name}`, { count: 9, fieldPath: 'spec.containers{app}' }), firstTimestamp: firstCrash };
  return [
    replicaSet('5c9f7d8b6c', 6, '2024-04-30T09:00:00Z', V6),
    replicaSet('7d9c8b6f5d', 7, rolledOutAt, V7),
    pod({ name, labels: { app: 'web', 'pod-template-hash': '7d9c8b6f5d' }, owner: { kind: 'ReplicaSet', name: 'web-7d9c8b6f5d' }, containers: [{ name: 'app', image: 'web:1.5', state: crashLoop, last: terminated('Error', 1), restarts: 5 }] }),
    backOff,
  ];
}

describe('rolloutHistory', () => {
  it("lists a Deployment's revisions oldest first, each with what it changed (env names only)", () => {
    const { snapshot } = snapshotFromObjects([{ kind: 'List', items: crashingRevision7('2024-05-01T11:45:00Z', '2024-05-01T11:48:00Z') }]);
    const history = rolloutHistory({ kind: 'Deployment', namespace: 'default', name: 'web' }, snapshot);
    expect(history.map((r) => [r.revision, r.source.name])).toEqual([[6, 'web-5c9f7d8b6c'], [7, 'web-7d9c8b6f5d']]);
    expect(history[1]?.changes).toEqual([
      'image app: web:1.4 → web:1.5',
      'env app: +NEW_FLAG -OLD_FLAG',
      'args app: null → ["--fast"]',
      'resources app: limits.memory 256Mi → 512Mi',
      'volumes: +config-v2 -config',
    ]);
    expect(JSON.stringify(history)).not.toContain('"v"');
  });

  it("reads a StatefulSet's ControllerRevisions", () => {
    const revision = (n: number, image: string): Json => ({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `db-${n}`, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'uid-db', controller: true }] },
      revision: n,
      data: { spec: { template: { $patch: 'replace', spec: { containers: [{ name: 'postgres', image }] } } } },
    });
    const { snapshot } = snapshotFromObjects([{ kind: 'List', items: [revision(2, 'postgres:16'), revision(1, 'postgres:15')] }]);
    expect(rolloutHistory({ kind: 'StatefulSet', namespace: 'default', name: 'db' }, snapshot).map((r) => r.changes)).toEqual([[], ['image postgres: postgres:15 → postgres:16']]);
  });
});

describe('what changed', () => {
  it('a failure that began after a rollout says so, and the rules offer rollout undo first', async () => {
    const { snapshot } = snapshotFromObjects([{ kind: 'List', items: crashingRevision7('2024-05-01T11:45:00Z', '2024-05-01T11:48:00Z') }]);
    const [finding] = analyze(snapshot, { now: NOW });
    if (finding === undefined) throw new Error('no finding');
    const line = 'failing since 3 min after revision 7 (ReplicaSet web-7d9c8b6f5d): image app: web:1.4 → web:1.5; env app: +NEW_FLAG -OLD_FLAG; args app: null → ["--fast"]; previous: revision 6';
    expect(finding.rootCause).toContain(line);
    expect(finding.evidence.slice(0, finding.rootCause.length)).toEqual(finding.rootCause);
    expect(finding.summary).toContain('since revision 7: image app: web:1.4 → web:1.5');
    for (const language of ['en', 'ja'] as const) {
      expect(explainWithRules(finding, language).fixes[0]?.command).toBe('kubectl rollout undo deployment/web -n default --to-revision=6');
    }
    const evidence = await collectEvidence(finding, snapshot, { now: () => NOW.getTime() });
    expect(evidence.sections.find((s) => s.title === 'What changed (last 24 h)')?.lines).toEqual([
      'revision 7 (ReplicaSet web-7d9c8b6f5d, 15 min ago): image app: web:1.4 → web:1.5; env app: +NEW_FLAG -OLD_FLAG; args app: null → ["--fast"]; +2 more',
    ]);
  });

  it('says nothing of a rollout older than 24 h, or made after the failure began', () => {
    for (const [rolledOut, crashed] of [['2024-04-30T10:00:00Z', '2024-04-30T10:05:00Z'], ['2024-05-01T11:50:00Z', '2024-05-01T11:40:00Z']] as const) {
      const { snapshot } = snapshotFromObjects([{ kind: 'List', items: crashingRevision7(rolledOut, crashed) }]);
      const [finding] = analyze(snapshot, { now: NOW });
      if (finding === undefined) throw new Error('no finding');
      expect(finding.category).toBe('CrashLoopBackOff');
      expect(finding.rootCause.join('\n')).not.toContain('after revision');
      expect(explainWithRules(finding, 'en').fixes[0]?.command ?? '').not.toContain('--to-revision');
    }
  });

  it('lists nodes added or removed and claims resized in the last 24 h, newest first', () => {
    const { snapshot } = snapshotFromObjects([{ kind: 'List', items: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-4', creationTimestamp: '2024-05-01T10:00:00Z' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', creationTimestamp: '2024-01-01T00:00:00Z' } },
      event('Node', 'worker-3', 'Normal', 'RemovingNode', 'Node worker-3 event: Removing Node worker-3 from Controller', { last: '2024-05-01T11:00:00Z' }),
      event('PersistentVolumeClaim', 'data-db-0', 'Warning', 'VolumeResizeFailed', 'resize volume "pvc-1" by resizer "ebs.csi.aws.com" failed: rpc error: code = Internal', { last: '2024-05-01T11:30:00Z' }),
    ] }]);
    const finding: Finding = {
      kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data-db-0', workload: 'StatefulSet/db', category: 'VolumeMountFailure',
      component: '', severity: 'high', summary: '', evidence: [], rootCause: [], pods: [], containers: [], related: [],
    };
    expect(recentChanges(finding, snapshot, NOW.getTime())).toEqual([
      'PersistentVolumeClaim data-db-0 resized 30 min ago (VolumeResizeFailed: resize volume "pvc-1" by resizer "ebs.csi.aws.com" failed: rpc error: code = Internal)',
      'node worker-3 removed 60 min ago (RemovingNode: Node worker-3 event: Removing Node worker-3 from Controller)',
      'node worker-4 added 2 h ago',
    ]);
  });
});
