import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { Finding } from '../../src/analyze/types.js';
import { collectEvidence } from '../../src/diagnose/collectEvidence.js';
import type { Evidence } from '../../src/diagnose/types.js';
import { crashLoop, event, NOW, pod, terminated } from '../analyze/builders.js';

type Json = Record<string, unknown>;

async function evidenceOf(items: Json[], pick: (f: Finding) => boolean): Promise<{ finding: Finding; evidence: Evidence }> {
  const { snapshot } = snapshotFromObjects([{ kind: 'List', items }]);
  const finding = analyze(snapshot, { now: NOW }).find(pick);
  if (finding === undefined) throw new Error('no such finding');
  return { finding, evidence: await collectEvidence(finding, snapshot, { now: () => NOW.getTime() }) };
}

const section = (evidence: Evidence, title: string): string =>
  evidence.sections.filter((s) => s.title.startsWith(title)).flatMap((s) => s.lines).join('\n');

describe('evidence that names the cause', () => {
  it("a Job whose pods are gone shows its template's command beside its deadline", async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'reindex', namespace: 'default' },
      spec: { activeDeadlineSeconds: 40, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'reindex', image: 'tools:3', command: ['/bin/reindex', '--expected-runtime=120s'] }] } } },
      status: { failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }] },
    };
    const { evidence } = await evidenceOf([job], (f) => f.category === 'JobFailed');
    expect(section(evidence, 'Workload')).toContain('activeDeadlineSeconds 40');
    expect(section(evidence, 'Container spec (from the Job reindex template)')).toContain('command: ["/bin/reindex","--expected-runtime=120s"]');
  });

  it("shows a container's securityContext and its volumeMounts with subPath", async () => {
    const crashing = pod({ name: 'web-7d9c8b6f5d-aaaaa', owner: { kind: 'ReplicaSet', name: 'web-7d9c8b6f5d' }, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 1), restarts: 4 }] });
    const spec = crashing['spec'] as { containers: Json[]; securityContext?: Json };
    spec.containers[0] = {
      ...spec.containers[0],
      securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ name: 'config', mountPath: '/etc/app/config.yaml', subPath: 'config.yaml', readOnly: true }],
    };
    spec.securityContext = { runAsUser: 1000, fsGroup: 2000 };
    const { evidence } = await evidenceOf([crashing], (f) => f.category === 'CrashLoopBackOff');
    const lines = section(evidence, 'Container spec');
    expect(lines).toContain('securityContext: readOnlyRootFilesystem=true runAsNonRoot=true allowPrivilegeEscalation=false capabilities -ALL');
    expect(lines).toContain('volumeMounts: /etc/app/config.yaml ← config (subPath config.yaml) ro');
    expect(lines).toContain('pod securityContext: runAsUser=1000 fsGroup=2000');
  });

  it('a sandbox failure names the CNI pod failing on the same node', async () => {
    const gateway = pod({ name: 'gateway-9a8b7c6d5e-fghij', owner: { kind: 'ReplicaSet', name: 'gateway-9a8b7c6d5e' }, node: 'worker-2', phase: 'Pending', containers: [{ name: 'gw', state: { waiting: { reason: 'ContainerCreating' } } }] });
    const calico = pod({ name: 'calico-node-7xk2p', namespace: 'kube-system', owner: { kind: 'DaemonSet', name: 'calico-node' }, node: 'worker-2', containers: [{ name: 'calico-node', state: crashLoop, last: terminated('Error', 1), restarts: 12 }] });
    const sandbox = event('Pod', 'gateway-9a8b7c6d5e-fghij', 'Warning', 'FailedCreatePodSandBox', 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory', { count: 14 });
    const { evidence } = await evidenceOf([gateway, calico, sandbox], (f) => f.category === 'SandboxCreationFailure');
    expect(section(evidence, 'Other failing pods on node worker-2')).toBe('pod kube-system/calico-node-7xk2p: CrashLoopBackOff, restarts 12 (DaemonSet calico-node)');
  });

  it('a denial by a LimitRange or a ResourceQuota names the object, with its numbers', async () => {
    const denied = (rs: string, why: string): Json => event('ReplicaSet', rs, 'Warning', 'FailedCreate', `Error creating: pods "${rs}-x8k2m" is forbidden: ${why}`, { count: 8 });
    const limitRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'mem-limits', namespace: 'default' }, spec: { limits: [{ type: 'Container', max: { memory: '1Gi' }, default: { memory: '512Mi' } }] } };
    const otherRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'cpu-limits', namespace: 'default' }, spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] } };
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute-quota', namespace: 'default' }, spec: { hard: { 'requests.cpu': '4' } }, status: { hard: { 'requests.cpu': '4', pods: '20' }, used: { 'requests.cpu': '4', pods: '9' } } };
    const items = [limitRange, otherRange, quota, denied('big-6d8f7c9b5d', 'maximum memory usage per Container is 1Gi, but limit is 2Gi'), denied('api-7c9d8f6b5d', 'exceeded quota: compute-quota, requested: requests.cpu=500m, used: requests.cpu=4, limited: requests.cpu=4')];
    const big = await evidenceOf(items, (f) => f.workload === 'Deployment/big');
    expect(big.finding.related).toEqual([{ kind: 'LimitRange', namespace: 'default', name: 'mem-limits' }]);
    expect(big.finding.evidence).toContain('LimitRange mem-limits: Container: max memory 1Gi, default memory 512Mi');
    const api = await evidenceOf(items, (f) => f.workload === 'Deployment/api');
    expect(api.finding.related).toEqual([{ kind: 'ResourceQuota', namespace: 'default', name: 'compute-quota' }]);
    expect(api.finding.evidence).toContain('ResourceQuota compute-quota: pods used 9 of 20, requests.cpu used 4 of 4');
  });
});
