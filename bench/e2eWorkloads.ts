/**
 * The cluster of the end-to-end benchmark (issue 6): a few healthy nodes, then distinct failing
 * Deployments, each with its ReplicaSet, one pod and the kubelet's Warning event, as the API server
 * serves them. Two in three crash-loop (exit 1, five restarts, a previous log); the rest cannot
 * pull their image. Every workload is named `svc-NNN`, so a Slack header or a prompt names it.
 */
import type { FakeKube, KubeObject } from '../test/fakes/kube.js';

export const NAMESPACES = ['shop', 'payments', 'search', 'media', 'batch'];
const NODES = ['node-a', 'node-b', 'node-c'];
const HASH = '5f7c9d8b6';
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

/** The workload name of index `i`: fixed width, so no name is a prefix of another. */
export const workloadName = (i: number): string => `svc-${String(i).padStart(3, '0')}`;
/** Finds a workload name in any text (header block, prompt, log line). */
export const WORKLOAD_PATTERN = /svc-\d{3}/;

/** Namespaces and three Ready nodes: the cluster before anything fails. */
export function healthyCluster(): KubeObject[] {
  return [
    ...NAMESPACES.map((name) => ({ kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } })),
    ...NODES.map((name) => ({
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'KubeletReady' },
          { type: 'MemoryPressure', status: 'False' },
          { type: 'DiskPressure', status: 'False' },
        ],
        allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      },
    })),
  ];
}

/** One failing workload: its objects in the order a controller creates them, the pod last but one. */
export function failingWorkload(i: number): { name: string; namespace: string; objects: KubeObject[]; log?: string } {
  const name = workloadName(i);
  const namespace = NAMESPACES[i % NAMESPACES.length] ?? 'default';
  const rs = `${name}-${HASH}`;
  const podName = `${rs}-${(1000 + i).toString(36)}x`;
  const image = `registry.example.com/${namespace}/${name}:1.${i % 7}.${i % 3}`;
  const crashing = i % 3 !== 2;
  const nodeName = NODES[i % NODES.length] ?? 'node-a';
  const labels = { app: name, 'pod-template-hash': HASH };
  const deployment: KubeObject = {
    kind: 'Deployment',
    metadata: { namespace, name, labels: { app: name }, generation: 2 },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
    status: { replicas: 1, updatedReplicas: 1, unavailableReplicas: 1, observedGeneration: 2, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }] },
  };
  const replicaSet: KubeObject = {
    kind: 'ReplicaSet',
    metadata: { namespace, name: rs, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-deploy-${name}`, controller: true }] },
    spec: { replicas: 1, selector: { matchLabels: labels } },
    status: { replicas: 1, readyReplicas: 0 },
  };
  const containerState = crashing
    ? {
        ready: false,
        started: false,
        restartCount: 5,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 2m40s restarting failed container=app pod=${podName}` } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: ago(70_000), finishedAt: ago(68_000) } },
      }
    : {
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } },
      };
  const pod: KubeObject = {
    kind: 'Pod',
    metadata: {
      namespace,
      name: podName,
      labels,
      creationTimestamp: ago(6 * 60_000),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `uid-rs-${rs}`, controller: true }],
    },
    spec: { restartPolicy: 'Always', nodeName, containers: [{ name: 'app', image }] },
    status: {
      phase: crashing ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
      containerStatuses: [{ name: 'app', image, imageID: '', ...containerState }],
    },
  };
  const event: KubeObject = {
    kind: 'Event',
    metadata: { namespace, name: `${podName}.1800a${String(i).padStart(3, '0')}` },
    involvedObject: { kind: 'Pod', namespace, name: podName, fieldPath: 'spec.containers{app}' },
    type: 'Warning',
    reason: crashing ? 'BackOff' : 'Failed',
    message: crashing ? 'Back-off restarting failed container app in pod' : `Failed to pull image "${image}": rpc error: code = NotFound desc = manifest unknown`,
    count: 5,
    firstTimestamp: ago(5 * 60_000),
    lastTimestamp: new Date().toISOString(),
    source: { component: 'kubelet', host: nodeName },
  };
  const log = crashing ? `starting ${name}\nError: connect ECONNREFUSED 10.0.${i % 250}.7:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n` : undefined;
  return { name, namespace, objects: [deployment, replicaSet, pod, event], ...(log === undefined ? {} : { log }) };
}

/**
 * Makes workload `i` appear in the API and returns when it did (ms since the epoch): the
 * Deployment and ReplicaSet first, the failing pod (the moment measured) and its event right after.
 */
export function createFailingWorkload(kube: FakeKube, i: number): { name: string; appearedMs: number } {
  const workload = failingWorkload(i);
  const [deployment, replicaSet, pod, event] = workload.objects;
  if (!deployment || !replicaSet || !pod || !event) throw new Error('incomplete workload');
  const podName = pod.metadata?.name ?? '';
  if (workload.log !== undefined) kube.setLog({ namespace: workload.namespace, pod: podName, container: 'app', previous: true }, workload.log);
  kube.upsert(deployment);
  kube.upsert(replicaSet);
  const appearedMs = Date.now();
  kube.upsert(pod);
  kube.upsert(event);
  return { name: workload.name, appearedMs };
}
