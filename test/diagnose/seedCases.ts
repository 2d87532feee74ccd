/**
 * The seed article's two real cases as cluster objects and findings, for the diagnosis tests.
 * A: Deployment test-deployment, three ubuntu:20.04 pods in CrashLoopBackOff (k8s-and-chatgpt).
 * B: Prometheus alertmanager Pending on an unbound PVC with no storage class.
 * The cluster is the seed's: 2 control-plane nodes, 3 workers.
 */
import type { CoreV1Event, V1Node, V1Pod } from '@kubernetes/client-node';
import { emptySnapshot } from '../../src/analyze/emptySnapshot.js';
import type { ClusterSnapshot, Finding } from '../../src/analyze/types.js';
import type { LogReader } from '../../src/kube/types.js';

export const NOW = Date.parse('2026-11-25T03:00:00Z');

function node(name: string, controlPlane: boolean): V1Node {
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        'topology.kubernetes.io/zone': 'zone-a',
      },
    },
    spec: controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: {
      nodeInfo: { kubeletVersion: 'v1.29.4' } as NonNullable<NonNullable<V1Node['status']>['nodeInfo']>,
      allocatable: { cpu: '2', memory: '3926Mi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: new Date(NOW - 86_400_000) }],
    },
  };
}

export const NODES: V1Node[] = [
  node('3shake-k8s-master-001', true),
  node('3shake-k8s-master-002', true),
  node('3shake-k8s-node-001', false),
  node('3shake-k8s-node-002', false),
  node('3shake-k8s-node-003', false),
];

export function emptyCluster(): ClusterSnapshot {
  return { ...emptySnapshot(), nodes: [...NODES] };
}

export const NS = 'k8s-and-chatgpt';
export const PODS = ['test-deployment-f4955dc4d-95wrl', 'test-deployment-f4955dc4d-ss6nq', 'test-deployment-f4955dc4d-tdkxc'];

function crashingPod(name: string, env: NonNullable<V1Pod['spec']>['containers'][number]['env'] = []): V1Pod {
  return {
    metadata: {
      name,
      namespace: NS,
      uid: `uid-${name}`,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'test-deployment-f4955dc4d', uid: 'rs-uid' }],
    },
    spec: {
      nodeName: '3shake-k8s-node-001',
      containers: [{ name: 'ubuntu', image: 'ubuntu:20.04', env, resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } } }],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'ubuntu',
          image: 'ubuntu:20.04',
          imageID: '',
          ready: false,
          restartCount: 29,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=ubuntu' } },
          lastState: { terminated: { reason: 'Completed', exitCode: 0, finishedAt: new Date(NOW - 135_000) } },
        },
      ],
    },
  };
}

function backOff(pod: string, count: number): CoreV1Event {
  return {
    metadata: { name: `${pod}.backoff`, namespace: NS },
    involvedObject: { kind: 'Pod', namespace: NS, name: pod, uid: `uid-${pod}` },
    type: 'Warning',
    reason: 'BackOff',
    message: `Back-off restarting failed container ubuntu in pod ${pod}_${NS}(uid-${pod})`,
    count,
    firstTimestamp: new Date(NOW - 3000_000),
    lastTimestamp: new Date(NOW - 299_000),
  };
}

/** Seed case A; `env` plants variables in every pod (their values must never leave). */
export function caseA(env: NonNullable<V1Pod['spec']>['containers'][number]['env'] = []): { snapshot: ClusterSnapshot; finding: Finding } {
  const snapshot = emptyCluster();
  snapshot.pods = PODS.map((name) => crashingPod(name, env));
  snapshot.events = [
    ...PODS.map((pod) => backOff(pod, 209)),
    {
      metadata: { name: 'pulled', namespace: NS },
      involvedObject: { kind: 'Pod', namespace: NS, name: PODS[0] as string },
      type: 'Normal',
      reason: 'Pulled',
      message: 'Container image "ubuntu:20.04" already present on machine',
      count: 5,
      firstTimestamp: new Date(NOW - 3000_000),
      lastTimestamp: new Date(NOW - 2880_000),
    },
  ];
  snapshot.replicaSets = [
    { metadata: { name: 'test-deployment-f4955dc4d', namespace: NS, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'test-deployment', uid: 'd' }] } },
  ];
  snapshot.deployments = [
    { metadata: { name: 'test-deployment', namespace: NS }, spec: { replicas: 3, selector: {}, template: {} }, status: { readyReplicas: 0 } },
  ];
  const rootCause = 'container "ubuntu" last terminated: Completed (exit code 0), restarted 29 times';
  return {
    snapshot,
    finding: {
      kind: 'Pod',
      namespace: NS,
      name: PODS[0] as string,
      workload: 'Deployment/test-deployment',
      category: 'CrashLoopBackOff',
      component: 'container "ubuntu" of Deployment/test-deployment',
      severity: 'high',
      summary: '3 pods of Deployment/test-deployment are in CrashLoopBackOff',
      evidence: [rootCause, `Back-off restarting failed container ubuntu in pod ${PODS[0] as string} (x209 over 45m)`],
      rootCause: [rootCause],
      pods: [...PODS],
      containers: ['ubuntu'],
      related: [{ kind: 'Node', namespace: '', name: '3shake-k8s-node-001' }],
    },
  };
}

/** Seed case B: the alertmanager pod Pending on a PVC with no storage class and no PV. */
export function caseB(): { snapshot: ClusterSnapshot; finding: Finding } {
  const snapshot = emptyCluster();
  const ns = 'monitoring';
  snapshot.pods = [
    {
      metadata: { name: 'prometheus-alertmanager-0', namespace: ns, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prometheus-alertmanager', uid: 's' }] },
      spec: {
        containers: [{ name: 'alertmanager', image: 'quay.io/prometheus/alertmanager:v0.25.0' }],
        volumes: [{ name: 'storage', persistentVolumeClaim: { claimName: 'storage-prometheus-alertmanager-0' } }],
      },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.' }],
      },
    },
  ];
  snapshot.persistentVolumeClaims = [
    { metadata: { name: 'storage-prometheus-alertmanager-0', namespace: ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } }, status: { phase: 'Pending' } },
  ];
  snapshot.storageClasses = [{ metadata: { name: 'slow' }, provisioner: 'kubernetes.io/no-provisioner' }];
  snapshot.events = [
    {
      metadata: { name: 'fs', namespace: ns },
      involvedObject: { kind: 'Pod', namespace: ns, name: 'prometheus-alertmanager-0' },
      type: 'Warning',
      reason: 'FailedScheduling',
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
      count: 2,
      firstTimestamp: new Date(NOW - 2940_000),
      lastTimestamp: new Date(NOW - 2640_000),
    },
    {
      metadata: { name: 'fb', namespace: ns },
      involvedObject: { kind: 'PersistentVolumeClaim', namespace: ns, name: 'storage-prometheus-alertmanager-0' },
      type: 'Normal',
      reason: 'FailedBinding',
      message: 'no persistent volumes available for this claim and no storage class is set',
      count: 80,
      firstTimestamp: new Date(NOW - 3000_000),
      lastTimestamp: new Date(NOW - 131_000),
    },
  ];
  const rootCause = 'PersistentVolumeClaim storage-prometheus-alertmanager-0: no persistent volumes available for this claim and no storage class is set';
  return {
    snapshot,
    finding: {
      kind: 'Pod',
      namespace: ns,
      name: 'prometheus-alertmanager-0',
      workload: 'StatefulSet/prometheus-alertmanager',
      category: 'PVCUnbound',
      component: 'PersistentVolumeClaim storage-prometheus-alertmanager-0',
      severity: 'high',
      summary: 'Pod prometheus-alertmanager-0 is Pending: its PVC is unbound',
      evidence: [rootCause],
      rootCause: [rootCause],
      pods: ['prometheus-alertmanager-0'],
      containers: [],
      related: [{ kind: 'PersistentVolumeClaim', namespace: ns, name: 'storage-prometheus-alertmanager-0' }],
    },
  };
}

/** Logs as the API would serve them, by `pod/container/previous`; records what was asked. */
export function logsFrom(logs: Record<string, string>): LogReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    readLog: ({ pod, container, previous, tailLines, limitBytes }) => {
      const key = `${pod}/${container}/${previous ? 'previous' : 'current'}`;
      asked.push(key);
      return Promise.resolve((logs[key] ?? '').split('\n').slice(-tailLines).join('\n').slice(0, limitBytes));
    },
  };
}

