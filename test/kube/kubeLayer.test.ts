import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Watch } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeConfigError, loadKubeConfig } from '../../src/kube/loadKubeConfig.js';
import { createLogReader } from '../../src/kube/podLogs.js';
import { readClusterSnapshot } from '../../src/kube/readClusterSnapshot.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';

const pod = (namespace: string, name: string) => ({
  kind: 'Pod',
  metadata: { namespace, name, labels: { app: name } },
  spec: { containers: [{ name: 'main', image: 'ubuntu:20.04' }] },
  status: { phase: 'Running' },
});

let kube: FakeKube;
beforeEach(async () => {
  kube = await startFakeKube([
    pod('a', 'p1'),
    pod('b', 'p2'),
    { kind: 'Node', metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    { kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'x' },
    { kind: 'Deployment', metadata: { namespace: 'a', name: 'web' }, spec: { selector: {}, template: {} } },
    { kind: 'Event', metadata: { namespace: 'a', name: 'e1' }, involvedObject: { kind: 'Pod', name: 'p1' }, reason: 'BackOff', type: 'Warning' },
  ]);
});
afterEach(async () => kube.close());

const silent = { warn: () => undefined };

describe('readClusterSnapshot', () => {
  it('reads every kind with kind, apiVersion and Date timestamps set', async () => {
    const snapshot = await readClusterSnapshot(kube.kubeConfig(), { logger: silent });
    expect(snapshot.pods.map((p) => p.metadata?.name).sort()).toEqual(['p1', 'p2']);
    expect(snapshot.pods[0]?.kind).toBe('Pod');
    expect(snapshot.pods[0]?.apiVersion).toBe('v1');
    expect(snapshot.pods[0]?.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(snapshot.nodes.map((n) => n.kind)).toEqual(['Node']);
    expect(snapshot.storageClasses[0]?.apiVersion).toBe('storage.k8s.io/v1');
    expect(snapshot.deployments[0]?.kind).toBe('Deployment');
    expect(snapshot.events[0]?.reason).toBe('BackOff');
    expect(snapshot.jobs).toEqual([]);
  });

  it('reads namespaced kinds from one namespace and cluster-scoped kinds whole', async () => {
    const snapshot = await readClusterSnapshot(kube.kubeConfig(), { namespace: 'b', logger: silent });
    expect(snapshot.pods.map((p) => p.metadata?.name)).toEqual(['p2']);
    expect(snapshot.events).toEqual([]);
    expect(snapshot.nodes).toHaveLength(1);
    expect(kube.requests.some((r) => r.path === '/api/v1/namespaces/b/pods')).toBe(true);
    expect(kube.requests.some((r) => r.path === '/api/v1/nodes')).toBe(true);
  });

  it('degrades a forbidden kind to an empty list with a warning', async () => {
    kube.forbid('Node');
    const warnings: unknown[] = [];
    const snapshot = await readClusterSnapshot(kube.kubeConfig(), { logger: { warn: (...args: unknown[]) => void warnings.push(args) } });
    expect(snapshot.nodes).toEqual([]);
    expect(snapshot.pods).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0])).toContain('Node');
  });

  it('reads without a kind the API server does not serve (an older cluster)', async () => {
    kube.unserve('HorizontalPodAutoscaler');
    const warnings: unknown[] = [];
    const snapshot = await readClusterSnapshot(kube.kubeConfig(), { logger: { warn: (...args: unknown[]) => void warnings.push(args) } });
    expect(snapshot.horizontalPodAutoscalers).toEqual([]);
    expect(snapshot.pods).toHaveLength(2);
    expect(JSON.stringify(warnings)).toContain('HorizontalPodAutoscaler');
  });

  it('fails on a server that is not there', async () => {
    const kc = kube.kubeConfig();
    await kube.close();
    await expect(readClusterSnapshot(kc, { logger: silent })).rejects.toThrow();
    kube = await startFakeKube();
  });
});

describe('createLogReader', () => {
  it('reads the tail of a current or previous log, and "" when there is none', async () => {
    kube.setLog({ namespace: 'a', pod: 'p1', container: 'main', previous: true }, 'one\ntwo\nthree\n');
    const reader = createLogReader(kube.kubeConfig());
    expect(await reader.readLog({ namespace: 'a', pod: 'p1', container: 'main', previous: true, tailLines: 2, limitBytes: 1024 })).toBe('two\nthree\n');
    expect(await reader.readLog({ namespace: 'a', pod: 'p1', container: 'main', previous: false, tailLines: 2, limitBytes: 1024 })).toBe('');
    expect(await reader.readLog({ namespace: 'a', pod: 'nope', container: 'main', previous: true, tailLines: 2, limitBytes: 1024 })).toBe('');
    const logRequest = kube.requests.find((r) => r.path === '/api/v1/namespaces/a/pods/p1/log');
    expect(logRequest?.query).toMatchObject({ container: 'main', previous: 'true', tailLines: '2', limitBytes: '1024' });
  });

  it('never fetches more than limitBytes, even of a 50 MB single-line log', async () => {
    kube.setLog({ namespace: 'a', pod: 'p1', container: 'big', previous: true }, `${'A1b2'.repeat(12_500_000)}\n`);
    const text = await createLogReader(kube.kubeConfig()).readLog({ namespace: 'a', pod: 'p1', container: 'big', previous: true, tailLines: 50, limitBytes: 128 * 1024 });
    expect(text.length).toBe(128 * 1024);
  });
});

describe('loadKubeConfig', () => {
  it('loads KUBECONFIG and selects a context', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdb-kc-'));
    const path = join(dir, 'config');
    kube.writeKubeconfig(path);
    const kc = loadKubeConfig({ env: { KUBECONFIG: path }, context: 'fake' });
    expect(kc.getCurrentCluster()?.server).toBe(kube.url);
    expect(() => loadKubeConfig({ env: { KUBECONFIG: path }, context: 'prod' })).toThrow(/context "prod" not found \(known: fake\)/);
  });

  it('explains what is missing', () => {
    const home = mkdtempSync(join(tmpdir(), 'kdb-home-'));
    expect(() => loadKubeConfig({ env: {}, home })).toThrow(KubeConfigError);
    expect(() => loadKubeConfig({ env: { KUBECONFIG: join(home, 'none') }, home })).toThrow(/KUBECONFIG points to no existing file/);
    writeFileSync(join(home, 'empty'), 'apiVersion: v1\nkind: Config\n');
    expect(() => loadKubeConfig({ env: { KUBECONFIG: join(home, 'empty') } })).toThrow(/no current context/);
  });
});

describe('fake kube watch', () => {
  it('streams changes, resumes by resourceVersion, and answers 410 after expiry', async () => {
    const watch = new Watch(kube.kubeConfig());
    const from = String(kube.resourceVersion());
    const seen: string[] = [];
    let ended: (value: unknown) => void = () => undefined;
    const done = new Promise((resolve) => (ended = resolve));
    await watch.watch('/api/v1/namespaces/a/pods', { resourceVersion: from }, (type, obj: { metadata: { name: string } }) => {
      seen.push(`${type} ${obj.metadata.name}`);
    }, ended);
    kube.upsert(pod('a', 'p3'));
    kube.upsert(pod('b', 'other-ns'));
    kube.remove(pod('a', 'p1'));
    await expect.poll(() => seen).toEqual(['ADDED p3', 'DELETED p1']);
    kube.expireWatches();
    await done;
    const again: string[] = [];
    await new Promise((resolve) => {
      void watch.watch('/api/v1/pods', { resourceVersion: from }, (type, obj: { code?: number }) => {
        again.push(`${type} ${obj.code}`);
      }, resolve);
    });
    expect(again).toEqual(['ERROR 410']);
  });
});

describe('fake kube API', () => {
  it('answers GET of one object, 404 Status for unknown ones, label selectors and bookmarks', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${kube.url}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect((await get('/api/v1/namespaces/a/pods/p1')).body).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p1' } });
    expect(await get('/api/v1/namespaces/a/pods/nope')).toMatchObject({
      status: 404,
      body: { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 },
    });
    const list = await get('/api/v1/pods?labelSelector=app%3Dp2');
    expect(list.body).toMatchObject({ kind: 'PodList', metadata: { resourceVersion: String(kube.resourceVersion()) } });
    expect((list.body.items as { metadata: { name: string }; kind?: string }[]).map((i) => [i.metadata.name, i.kind])).toEqual([['p2', undefined]]);
    expect((await get('/apis/apps/v1/namespaces/a/deployments')).body.items).toHaveLength(1);
    expect((await get('/version')).body).toMatchObject({ major: '1', gitVersion: 'v1.30.0' });

    const watch = new Watch(kube.kubeConfig());
    const seen: string[] = [];
    await watch.watch('/api/v1/nodes', { resourceVersion: String(kube.resourceVersion()), allowWatchBookmarks: true }, (type, obj: { metadata: { resourceVersion: string } }) => {
      seen.push(`${type} ${obj.metadata.resourceVersion}`);
    }, () => undefined);
    await expect.poll(() => kube.openWatches()).toBe(1);
    kube.bookmark();
    await expect.poll(() => seen).toEqual([`BOOKMARK ${kube.resourceVersion()}`]);
    kube.pauseWatches();
    kube.upsert({ kind: 'Node', metadata: { name: 'n2' } });
    kube.upsert({ kind: 'Node', metadata: { name: 'n3' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(1);
    kube.resumeWatches();
    await expect.poll(() => seen).toHaveLength(3);
    expect(seen.slice(1).map((line) => line.split(' ')[0])).toEqual(['ADDED', 'ADDED']);
    kube.dropWatches();
  });
});
