import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import { CATEGORIES, type Finding } from '../../src/analyze/types.js';
import { crashLoop, event, NOW, pod, running, terminated } from './builders.js';

function run(objects: unknown[], now = NOW): Finding[] {
  const { snapshot, skipped } = snapshotFromObjects(objects);
  expect(skipped).toEqual([]);
  return analyze(snapshot, { now });
}

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/categories/${name}.json`, import.meta.url), 'utf8'));
}

const backOff = (name: string, container: string) =>
  event('Pod', name, 'Warning', 'BackOff', `Back-off restarting failed container ${container} in pod ${name}_default(uid-${name})`, { count: 30, fieldPath: `spec.containers{${container}}` });

describe('precedence: the root cause wins over the symptom', () => {
  it('an OOMKilled last state is OOMKilled, not CrashLoopBackOff', () => {
    const findings = run([pod({ name: 'a', containers: [{ name: 'app', state: crashLoop, last: terminated('OOMKilled', 137), restarts: 9 }] }), backOff('a', 'app')]);
    expect(findings.map((f) => f.category)).toEqual(['OOMKilled']);
  });

  it('exit 137 without a probe failure is OOMKilled', () => {
    expect(run([pod({ name: 'a', containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 137), restarts: 3 }] })])[0]?.category).toBe('OOMKilled');
  });

  it('exit 137 after liveness failures is LivenessProbeFailure', () => {
    const findings = run([
      pod({ name: 'a', containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 137), restarts: 3 }] }),
      event('Pod', 'a', 'Warning', 'Unhealthy', 'Liveness probe failed: Get "http://10.0.0.5:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', { count: 9, fieldPath: 'spec.containers{app}' }),
      backOff('a', 'app'),
    ]);
    expect(findings.map((f) => f.category)).toEqual(['LivenessProbeFailure']);
    expect(findings[0]?.rootCause[0]).toBe('Warning Unhealthy (x9): Liveness probe failed: Get "http://10.0.0.5:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
  });

  it('a failing init container is InitContainerFailure, and the waiting main container is not reported', () => {
    const findings = run([
      pod({ name: 'a', phase: 'Pending', initContainers: [{ name: 'migrate', state: crashLoop, last: terminated('Error', 1), restarts: 4 }], containers: [{ name: 'app', state: { waiting: { reason: 'PodInitializing' } } }] }),
    ]);
    expect(findings.map((f) => [f.category, f.containers])).toEqual([['InitContainerFailure', ['migrate']]]);
  });

  it('"pull access denied" is ImagePullAuth; "not found" is ImagePullBackOff', () => {
    const pull = (name: string, message: string) => [
      pod({ name, phase: 'Pending', containers: [{ name: 'app', image: `acme/${name}:1`, state: { waiting: { reason: 'ErrImagePull', message } } }] }),
      event('Pod', name, 'Warning', 'Failed', `Failed to pull image "acme/${name}:1": ${message}`, { fieldPath: 'spec.containers{app}' }),
    ];
    const findings = run([
      ...pull('private', 'rpc error: code = Unknown desc = Error response from daemon: pull access denied for acme/private, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied'),
      ...pull('typo', 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/acme/typo:1": failed to resolve reference "docker.io/acme/typo:1": docker.io/acme/typo:1: not found'),
    ]);
    expect(findings.map((f) => [f.name, f.category])).toEqual([['private', 'ImagePullAuth'], ['typo', 'ImagePullBackOff']]);
  });

  it('reads the newest FailedScheduling message: insufficient resources, constraints, unbound claims', () => {
    const pending = (name: string, message: string) => [
      pod({ name, node: null, phase: 'Pending', containers: [{ name: 'app' }] }),
      event('Pod', name, 'Warning', 'FailedScheduling', message),
    ];
    const findings = run([
      ...pending('mem', '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..'),
      ...pending('gpu', '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod..'),
      ...pending('spread', "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.."),
      ...pending('claim', '0/3 nodes are available: persistentvolumeclaim "missing-data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..'),
    ]);
    expect(findings.map((f) => [f.workload, f.category, f.kind, f.name])).toEqual([
      ['Pod/claim', 'PVCUnbound', 'PersistentVolumeClaim', 'missing-data'],
      ['Pod/gpu', 'InsufficientResources', 'Pod', 'gpu'],
      ['Pod/mem', 'InsufficientResources', 'Pod', 'mem'],
      ['Pod/spread', 'UnschedulableConstraints', 'Pod', 'spread'],
    ]);
    expect(findings[1]?.summary).toContain('Insufficient nvidia.com/gpu');
  });

  it('a pod the kubelet rejected for lack of cpu is InsufficientResources, not Other', () => {
    const findings = run([pod({ name: 'big', phase: 'Failed', reason: 'OutOfcpu', message: "Pod Node didn't have enough resource: cpu, requested: 4000, used: 1850, capacity: 2000", containers: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] })]);
    expect(findings.map((f) => f.category)).toEqual(['InsufficientResources']);
    expect(findings[0]?.rootCause[0]).toBe("pod big: phase Failed (OutOfcpu): Pod Node didn't have enough resource: cpu, requested: 4000, used: 1850, capacity: 2000");
  });

  it('RunContainerError from a waiting state: exec format error', () => {
    const message = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec format error: unknown';
    const findings = run([pod({ name: 'arm', containers: [{ name: 'app', state: { waiting: { reason: 'RunContainerError', message } }, restarts: 2 }] })]);
    expect(findings[0]?.category).toBe('RunContainerError');
    expect(findings[0]?.rootCause[0]).toContain('exec format error');
  });
});

describe('grouping by workload', () => {
  const rsOwner = { kind: 'ReplicaSet', name: 'web-5d8f9c7b6d' };
  const labels = { 'pod-template-hash': '5d8f9c7b6d' };

  it('three crash-looping pods of a Deployment are one finding listing the three pods', () => {
    const names = ['web-5d8f9c7b6d-c', 'web-5d8f9c7b6d-a', 'web-5d8f9c7b6d-b'];
    const findings = run(names.flatMap((name) => [pod({ name, owner: rsOwner, labels, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 1), restarts: 5 }] }), backOff(name, 'app')]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ workload: 'Deployment/web', name: 'web-5d8f9c7b6d-a', pods: ['web-5d8f9c7b6d-a', 'web-5d8f9c7b6d-b', 'web-5d8f9c7b6d-c'] });
    expect(findings[0]?.summary).toMatch(/^3 pods of Deployment\/web in default: container "app" keeps crashing/);
  });

  it('collapses what fifty replicas say alike, and keeps what differs', () => {
    const names = Array.from({ length: 50 }, (_, i) => `web-5d8f9c7b6d-${String(i).padStart(2, '0')}`);
    const findings = run(names.map((name, i) => pod({ name, owner: rsOwner, labels, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', i === 7 ? 2 : 1), restarts: 5 + i }] })));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.pods).toHaveLength(50);
    expect(findings[0]?.rootCause).toEqual([
      expect.stringMatching(/^container app \(pod web-5d8f9c7b6d-00\): waiting CrashLoopBackOff; last terminated Error exit 1 at .*; restarts 5 \(\+48 similar\)$/),
      expect.stringMatching(/^container app \(pod web-5d8f9c7b6d-07\): waiting CrashLoopBackOff; last terminated Error exit 2 at .*; restarts 12$/),
    ]);
  });

  it('different failures of one workload are separate findings', () => {
    const findings = run([
      pod({ name: 'web-5d8f9c7b6d-a', owner: rsOwner, labels, containers: [{ name: 'app', state: crashLoop, last: terminated('OOMKilled', 137), restarts: 5 }] }),
      pod({ name: 'web-5d8f9c7b6d-b', owner: rsOwner, labels, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 2), restarts: 5 }] }),
    ]);
    expect(findings.map((f) => [f.category, f.pods])).toEqual([['CrashLoopBackOff', ['web-5d8f9c7b6d-b']], ['OOMKilled', ['web-5d8f9c7b6d-a']]]);
  });

  it('follows the ReplicaSet to its Deployment when the ReplicaSet is in the dump', () => {
    const findings = run([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'frontend-v2', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'frontend', uid: 'd1', controller: true }] } },
      pod({ name: 'frontend-v2-x', owner: { kind: 'ReplicaSet', name: 'frontend-v2' }, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 1), restarts: 2 }] }),
    ]);
    expect(findings[0]?.workload).toBe('Deployment/frontend');
  });

  it('keeps a ReplicaSet whose name does not end in the pod-template-hash', () => {
    const findings = run([pod({ name: 'legacy-x', owner: { kind: 'ReplicaSet', name: 'legacy' }, labels: { 'pod-template-hash': '7c9d' }, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 1), restarts: 2 }] })]);
    expect(findings[0]?.workload).toBe('ReplicaSet/legacy');
  });

  it("names a static pod by itself, not by the node that mirrors it", () => {
    const findings = run([pod({ name: 'etcd-master-1', namespace: 'kube-system', owner: { kind: 'Node', name: 'master-1' }, containers: [{ name: 'etcd', state: crashLoop, last: terminated('Error', 1), restarts: 3 }] })]);
    expect(findings[0]?.workload).toBe('Pod/etcd-master-1');
  });

  it('names a DaemonSet and a bare pod', () => {
    const findings = run([
      pod({ name: 'agent-x2', owner: { kind: 'DaemonSet', name: 'agent' }, containers: [{ name: 'agent', state: crashLoop, last: terminated('Error', 1), restarts: 2 }] }),
      pod({ name: 'debug', containers: [{ name: 'sh', state: crashLoop, last: terminated('Completed', 0), restarts: 2 }] }),
    ]);
    expect(findings.map((f) => f.workload)).toEqual(['DaemonSet/agent', 'Pod/debug']);
  });
});

describe('evidence and events', () => {
  it('ignores events of an earlier pod with the same name (uid differs)', () => {
    const findings = run([
      pod({ name: 'db-0', uid: 'new', owner: { kind: 'StatefulSet', name: 'db' }, containers: [{ name: 'db', state: crashLoop, last: terminated('Error', 1), restarts: 1 }] }),
      event('Pod', 'db-0', 'Warning', 'Unhealthy', 'Liveness probe failed: connection refused', { uid: 'old', fieldPath: 'spec.containers{db}' }),
    ]);
    expect(findings[0]?.category).toBe('CrashLoopBackOff');
    expect(findings[0]?.evidence.join('\n')).not.toContain('Liveness');
  });

  it('a restart long ago is not a failure now; a recent one is', () => {
    const objects = [pod({ name: 'a', containers: [{ name: 'app', state: running, ready: true, last: terminated('OOMKilled', 137, '2024-04-28T00:00:00Z'), restarts: 1 }] })];
    expect(run(objects)).toEqual([]);
    expect(run(objects, new Date('2024-04-28T00:10:00Z')).map((f) => f.category)).toEqual(['OOMKilled']);
  });

  it('a WaitForFirstConsumer claim that no pod uses yet is not a failure; a claim that cannot provision is', () => {
    const claim = (name: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { storageClassName: 'standard' }, status: { phase: 'Pending' } });
    const findings = run([
      claim('later'),
      event('PersistentVolumeClaim', 'later', 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding'),
      claim('broken'),
      event('PersistentVolumeClaim', 'broken', 'Warning', 'ProvisioningFailed', 'failed to provision volume with StorageClass "standard": rpc error: code = ResourceExhausted desc = Quota \'SSD_TOTAL_GB\' exceeded.  Limit: 500.0 in region us-central1.'),
    ]);
    expect(findings.map((f) => [f.kind, f.name, f.workload, f.category])).toEqual([['PersistentVolumeClaim', 'broken', 'PersistentVolumeClaim/broken', 'PVCUnbound']]);
    expect(findings[0]?.related).toEqual([{ kind: 'StorageClass', namespace: '', name: 'standard' }]);
  });

  it('a node under memory pressure is high, a NotReady node critical', () => {
    const node = (name: string, type: string, status: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { conditions: [{ type, status, reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available' }] } });
    const findings = run([node('n1', 'MemoryPressure', 'True'), node('n2', 'Ready', 'False')]);
    expect(findings.map((f) => [f.name, f.severity])).toEqual([['n2', 'critical'], ['n1', 'high']]);
  });

  it('a healthy cluster has no findings', () => {
    expect(run([pod({ name: 'ok', containers: [{ name: 'app', state: running, ready: true }] })])).toEqual([]);
  });
});

describe('mixed dumps', () => {
  const all = CATEGORIES.map(fixture);

  it('finds every category in one dump of every fixture, most severe first', () => {
    const findings = run(all);
    expect([...new Set(findings.map((f) => f.category))].sort()).toEqual([...CATEGORIES].sort());
    const order = ['critical', 'high', 'medium', 'low'];
    const ranks = findings.map((f) => order.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(findings[0]?.category).toBe('NodeNotReady');
  });

  it('gives the same findings whatever the order of the objects', () => {
    const items = all.flatMap((list) => (list as { items: unknown[] }).items);
    const shuffled = items.map((item, i) => ({ item, key: (i * 7919) % items.length })).sort((a, b) => a.key - b.key).map((x) => x.item);
    expect(run([...shuffled].reverse())).toEqual(run(items));
  });
});

describe('the seed examples', () => {
  const example = (name: string) => JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as unknown;

  it('case A: one CrashLoopBackOff finding for Deployment test-deployment with its three pods', () => {
    const findings = run([example('case-a-crashloop.json')], new Date('2023-03-20T10:00:00Z'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      category: 'CrashLoopBackOff',
      namespace: 'k8s-and-chatgpt',
      workload: 'Deployment/test-deployment',
      component: 'container "ubuntu" of Deployment/test-deployment',
      pods: ['test-deployment-f4955dc4d-95wrl', 'test-deployment-f4955dc4d-ss6nq', 'test-deployment-f4955dc4d-tdkxc'],
      containers: ['ubuntu'],
    });
    // The three pods say the same: one line each, the other pods counted.
    expect(findings[0]?.rootCause).toEqual([
      'container ubuntu (pod test-deployment-f4955dc4d-95wrl): waiting CrashLoopBackOff; last terminated Completed exit 0 at 2023-03-20T09:57:45Z; restarts 29 (+2 similar)',
      'Warning BackOff (x209): Back-off restarting failed container ubuntu in pod test-deployment-f4955dc4d-95wrl_k8s-and-chatgpt(b3d79768-1bbd-470f-bb02-ebfaea2c53f9) (+2 similar)',
    ]);
  });

  it('case B: the unbound PVC storage-prometheus-alertmanager-0 of the Pending alertmanager', () => {
    const findings = run([example('case-b-prometheus-pending.json')], new Date('2023-03-22T07:00:00Z'));
    const alertmanager = findings.find((f) => f.workload === 'StatefulSet/prometheus-alertmanager');
    expect(alertmanager).toMatchObject({
      kind: 'PersistentVolumeClaim',
      name: 'storage-prometheus-alertmanager-0',
      category: 'PVCUnbound',
      pods: ['prometheus-alertmanager-0'],
      related: [
        { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'storage-prometheus-alertmanager-0' },
        { kind: 'Pod', namespace: 'default', name: 'prometheus-alertmanager-0' },
      ],
    });
    expect(alertmanager?.rootCause).toEqual([
      'Normal FailedBinding (x199): no persistent volumes available for this claim and no storage class is set',
      'Warning FailedScheduling: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    ]);
    expect(findings.map((f) => f.workload).sort()).toEqual(['Deployment/prometheus-server', 'StatefulSet/prometheus-alertmanager']);
  });
});

describe('a dump of events only (kubectl get events -o json)', () => {
  const eventsOf = (name: string) => (JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as { items: { kind: string }[] }).items.filter((i) => i.kind === 'Event');

  it('case A: the BackOff events still make one CrashLoopBackOff finding for the Deployment', () => {
    const findings = run(eventsOf('case-a-crashloop.json'));
    expect(findings.map((f) => [f.category, f.workload, f.pods.length, f.containers])).toEqual([['CrashLoopBackOff', 'Deployment/test-deployment', 3, ['ubuntu']]]);
    expect(findings[0]?.rootCause[0]).toMatch(/^Warning BackOff \(x209\): Back-off restarting failed container ubuntu in pod test-deployment-f4955dc4d-\w+_k8s-and-chatgpt\(.*\) \(\+2 similar\)$/);
  });

  it("case B: the claim's FailedBinding joins the StatefulSet pod that waits for it", () => {
    const findings = run(eventsOf('case-b-prometheus-pending.json'));
    const alertmanager = findings.find((f) => f.name === 'storage-prometheus-alertmanager-0');
    expect(alertmanager).toMatchObject({ category: 'PVCUnbound', kind: 'PersistentVolumeClaim', workload: 'StatefulSet/prometheus-alertmanager', pods: ['prometheus-alertmanager-0'] });
    expect(alertmanager?.rootCause[0]).toBe('Normal FailedBinding (x199): no persistent volumes available for this claim and no storage class is set');
    expect(findings.map((f) => [f.kind, f.name, f.workload])).toEqual([
      ['Pod', 'prometheus-server-55db4c8c5d-vm5ds', 'Deployment/prometheus-server'],
      ['PersistentVolumeClaim', 'prometheus-server', 'PersistentVolumeClaim/prometheus-server'],
      ['PersistentVolumeClaim', 'storage-prometheus-alertmanager-0', 'StatefulSet/prometheus-alertmanager'],
    ]);
  });

  it('reads image, config and probe failures from events', () => {
    const ev = (pod: string, reason: string, message: string, type = 'Warning') => event('Pod', pod, type, reason, message, { fieldPath: 'spec.containers{app}' });
    const findings = run([
      ev('a-6b8d9f7c5b-m4n8p', 'Failed', 'Failed to pull image "registry.example.com/a:1": rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.com/a:1": failed to resolve reference "registry.example.com/a:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'),
      ev('b-6b8d9f7c5b-m4n8p', 'Failed', 'Error: configmap "b-settings" not found'),
      ev('c-6b8d9f7c5b-m4n8p', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'),
      ev('d-6b8d9f7c5b-m4n8p', 'Scheduled', 'Successfully assigned default/d-6b8d9f7c5b-m4n8p to worker-1', 'Normal'),
    ]);
    expect(findings.map((f) => [f.workload, f.category])).toEqual([
      ['Deployment/a', 'ImagePullAuth'],
      ['Deployment/b', 'CreateContainerConfigError'],
      ['Deployment/c', 'ReadinessProbeFailure'],
    ]);
  });
});
