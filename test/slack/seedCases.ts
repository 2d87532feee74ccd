/**
 * The seed article's two real cases as Kubernetes objects (wire form), with times relative to NOW:
 * A = Deployment test-deployment, 3 ubuntu:20.04 pods in CrashLoopBackOff in k8s-and-chatgpt;
 * B = Prometheus alertmanager Pending on the unbound PVC storage-prometheus-alertmanager-0.
 * The cluster has the seed's shape: 2 control-plane nodes, 3 workers.
 */
export const NOW = Date.parse('2026-03-06T12:00:00Z');
const ago = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString();

const node = (name: string, controlPlane: boolean) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}, creationTimestamp: ago(10_000) },
  status: {
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ago(10_000) }],
    capacity: { cpu: '2', memory: '4Gi', pods: '110' },
    allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
    nodeInfo: { kubeletVersion: 'v1.26.1' },
  },
});

export const NODES = [
  node('3shake-k8s-master-001', true),
  node('3shake-k8s-master-002', true),
  node('3shake-k8s-node-001', false),
  node('3shake-k8s-node-002', false),
  node('3shake-k8s-node-003', false),
];

const A_NS = 'k8s-and-chatgpt';
const A_PODS = ['test-deployment-f4955dc4d-95wrl', 'test-deployment-f4955dc4d-ss6nq', 'test-deployment-f4955dc4d-tdkxc'];

export function caseA(options: { annotations?: Record<string, string> } = {}): unknown[] {
  return [
    ...NODES,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: A_NS, labels: { 'kubernetes.io/metadata.name': A_NS } } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'test-deployment', namespace: A_NS, uid: 'dep-a', annotations: options.annotations ?? {}, creationTimestamp: ago(125) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'ubuntu' } }, template: { metadata: { labels: { app: 'ubuntu' } }, spec: { containers: [{ name: 'ubuntu', image: 'ubuntu:20.04' }] } } },
      status: { replicas: 3, readyReplicas: 0, unavailableReplicas: 3 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'test-deployment-f4955dc4d', namespace: A_NS, uid: 'rs-a', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'test-deployment', uid: 'dep-a', controller: true }] },
      spec: { replicas: 3, selector: { matchLabels: { app: 'ubuntu' } } },
      status: { replicas: 3 },
    },
    ...A_PODS.map((name, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: A_NS,
        uid: `pod-a-${i}`,
        labels: { app: 'ubuntu' },
        creationTimestamp: ago(125),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'test-deployment-f4955dc4d', uid: 'rs-a', controller: true }],
      },
      spec: { nodeName: `3shake-k8s-node-00${i + 1}`, containers: [{ name: 'ubuntu', image: 'ubuntu:20.04' }], restartPolicy: 'Always' },
      status: {
        phase: 'Running',
        startTime: ago(125),
        containerStatuses: [
          {
            name: 'ubuntu',
            image: 'ubuntu:20.04',
            imageID: '',
            ready: false,
            restartCount: 29,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=ubuntu' } },
            lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ago(3), finishedAt: ago(3) } },
          },
        ],
      },
    })),
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'test-deployment-f4955dc4d-95wrl.backoff', namespace: A_NS, creationTimestamp: ago(50) },
      involvedObject: { kind: 'Pod', namespace: A_NS, name: A_PODS[0], uid: 'pod-a-0' },
      reason: 'BackOff',
      message: `Back-off restarting failed container ubuntu in pod ${A_PODS[0]}_${A_NS}(b3d79768-1bbd-470f-bb02-ebfaea2c53f9)`,
      type: 'Warning',
      count: 209,
      firstTimestamp: ago(50),
      lastTimestamp: ago(5),
      source: { component: 'kubelet' },
    },
  ];
}

const B_NS = 'default';

export function caseB(): unknown[] {
  return [
    ...NODES,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: B_NS } },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'prometheus-alertmanager', namespace: B_NS, uid: 'sts-b' },
      spec: { replicas: 1, serviceName: 'prometheus-alertmanager', selector: { matchLabels: { app: 'alertmanager' } }, template: { spec: { containers: [{ name: 'alertmanager', image: 'quay.io/prometheus/alertmanager:v0.25.0' }] } } },
      status: { replicas: 1, readyReplicas: 0 },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'prometheus-alertmanager-0',
        namespace: B_NS,
        uid: 'pod-b',
        creationTimestamp: ago(49),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'prometheus-alertmanager', uid: 'sts-b', controller: true }],
      },
      spec: {
        containers: [{ name: 'alertmanager', image: 'quay.io/prometheus/alertmanager:v0.25.0' }],
        volumes: [{ name: 'storage', persistentVolumeClaim: { claimName: 'storage-prometheus-alertmanager-0' } }],
      },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..' }],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'storage-prometheus-alertmanager-0', namespace: B_NS, uid: 'pvc-b', creationTimestamp: ago(49) },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
      status: { phase: 'Pending' },
    },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'prometheus-alertmanager-0.sched', namespace: B_NS, creationTimestamp: ago(49) },
      involvedObject: { kind: 'Pod', namespace: B_NS, name: 'prometheus-alertmanager-0', uid: 'pod-b' },
      reason: 'FailedScheduling',
      message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
      type: 'Warning',
      count: 2,
      firstTimestamp: ago(49),
      lastTimestamp: ago(44),
      source: { component: 'default-scheduler' },
    },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'storage-prometheus-alertmanager-0.binding', namespace: B_NS, creationTimestamp: ago(49) },
      involvedObject: { kind: 'PersistentVolumeClaim', namespace: B_NS, name: 'storage-prometheus-alertmanager-0', uid: 'pvc-b' },
      reason: 'FailedBinding',
      message: 'no persistent volumes available for this claim and no storage class is set',
      type: 'Normal',
      count: 190,
      firstTimestamp: ago(49),
      lastTimestamp: ago(2),
      source: { component: 'persistentvolume-controller' },
    },
  ];
}

/** The seed's own ChatGPT answer to case A (Japanese), as a Diagnosis. */
export const SEED_ANSWER_A_JA = {
  faultLocation: 'Pod(test-deployment-f4955dc4d-95wrl)内のubuntuコンテナ',
  additionalInfo: 'コンテナがCrashLoopBackOff状態であり、直前にTerminatedされたことがある。',
  explanation: 'Podのうち、ubuntuコンテナがCrashLoopBackOff状態にあり、起動できなくなっている。',
  causes: [
    'ubuntuコンテナの起動に失敗し、続けて起動に失敗した場合に、PodがCrashLoopBackOff状態になります。',
    '具体的なエラーの原因は、Pod内のコンテナで発生した問題によるものである可能性があります。',
  ],
  debugSteps: [
    { text: 'kubectl logsコマンドを使用してPodのログを取得し、問題の原因を確認する', command: 'kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt --previous' },
    { text: 'kubectl describe podコマンドを使用してPodの状態を確認する', command: 'kubectl describe pod test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt' },
  ],
  fixes: [{ text: 'コンテナのログを確認して、エラーを特定し、それに応じて対処する。' }, { text: 'Podの状態を確認し、必要に応じてPodを再作成する。' }],
};
