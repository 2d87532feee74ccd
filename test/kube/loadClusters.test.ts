import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClusters } from '../../src/kube/loadClusters.js';

const dir = mkdtempSync(join(tmpdir(), 'kdb-load-clusters-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One kubeconfig with a context per server. */
function kubeconfig(file: string, servers: Record<string, string>, current: string): string {
  const names = Object.keys(servers);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: names.map((n) => ({ name: `cl-${n}`, cluster: { server: servers[n] } })),
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: names.map((n) => ({ name: n, context: { cluster: `cl-${n}`, user: 'u' } })),
      'current-context': current,
    }),
  );
  return file;
}

const shared = kubeconfig(join(dir, 'shared.yaml'), { 'ctx-a': 'https://a.example:6443', 'ctx-b': 'https://b.example:6443' }, 'ctx-a');
const env = { KUBECONFIG: shared };
const servers = (clusters: ReturnType<typeof loadClusters>) => clusters.map((c) => [c.name, c.kubeConfig.getCurrentCluster()?.server]);

describe('loadClusters', () => {
  it('keeps one cluster, CLUSTER_NAME, without CLUSTERS', () => {
    expect(servers(loadClusters({ clusterName: 'lab', env }))).toEqual([['lab', 'https://a.example:6443']]);
    expect(servers(loadClusters({ clusterName: 'lab', kubeContext: 'ctx-b', env }))).toEqual([['lab', 'https://b.example:6443']]);
  });

  it('reads name=context pairs of the one kubeconfig, in order', () => {
    expect(servers(loadClusters({ clusters: 'prod-osaka=ctx-b, prod-tokyo=ctx-a', clusterName: 'x', env }))).toEqual([
      ['prod-osaka', 'https://b.example:6443'],
      ['prod-tokyo', 'https://a.example:6443'],
    ]);
  });

  it('reads a folder of kubeconfigs, each named after its file', () => {
    const folder = join(dir, 'clusters');
    mkdirSync(folder);
    kubeconfig(join(folder, 'prod-tokyo.yaml'), { t: 'https://t.example:6443' }, 't');
    kubeconfig(join(folder, 'prod-osaka.json'), { o: 'https://o.example:6443' }, 'o');
    expect(servers(loadClusters({ clusters: folder, clusterName: 'x' }))).toEqual([
      ['prod-osaka', 'https://o.example:6443'],
      ['prod-tokyo', 'https://t.example:6443'],
    ]);
  });

  it.each([
    ['a=ctx-a,b=nope', /context "nope" not found \(known: ctx-a, ctx-b\)/],
    ['a=ctx-a,a=ctx-b', /CLUSTERS: cluster "a" is listed twice/],
    ['a=ctx-a,=ctx-b', /CLUSTERS: "=ctx-b" is not name=context/],
    ['a b=ctx-a', /cluster name "a b"/],
    [join(dir, 'missing'), /is neither name=context pairs nor a folder of kubeconfig files/],
  ])('refuses %s with a clear message', (clusters, message) => {
    expect(() => loadClusters({ clusters, clusterName: 'x', env })).toThrow(message);
  });
});
