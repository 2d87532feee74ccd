/**
 * Pods and events as the API server serves them, for the watcher tests and the storm benchmark.
 * Case A of the seed: Deployment test-deployment, ubuntu:20.04 pods in CrashLoopBackOff.
 */
import type { KubeObject } from '../fakes/kube.js';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export function replicaSet(namespace: string, deployment: string): KubeObject[] {
  const rs = `${deployment}-7d4b9c8f5d`;
  return [
    { kind: 'Deployment', metadata: { namespace, name: deployment }, spec: { replicas: 3, selector: { matchLabels: { app: deployment } }, template: {} } },
    {
      kind: 'ReplicaSet',
      metadata: { namespace, name: rs, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment, uid: `uid-${deployment}`, controller: true }] },
      spec: { selector: { matchLabels: { app: deployment } } },
    },
  ];
}

interface PodState {
  restarts?: number;
  crashing?: boolean;
  waitingReason?: string;
  ageMs?: number;
  pendingUnschedulable?: string;
}

/** A pod of `deployment` (through its ReplicaSet) in the given state; healthy by default. */
export function pod(namespace: string, deployment: string, name: string, state: PodState = {}): KubeObject {
  const rs = `${deployment}-7d4b9c8f5d`;
  const restarts = state.restarts ?? 0;
  const base = {
    kind: 'Pod',
    metadata: {
      namespace,
      name,
      labels: { app: deployment, 'pod-template-hash': '7d4b9c8f5d' },
      creationTimestamp: ago(state.ageMs ?? 10 * 60_000),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: `uid-${rs}`, controller: true }],
    },
    spec: { restartPolicy: 'Always', containers: [{ name: 'ubuntu', image: 'ubuntu:20.04' }] },
  };
  if (state.pendingUnschedulable !== undefined) {
    return {
      ...base,
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: state.pendingUnschedulable, lastTransitionTime: base.metadata.creationTimestamp }],
      },
    };
  }
  const waiting = state.waitingReason ?? (state.crashing ? 'CrashLoopBackOff' : undefined);
  return {
    ...base,
    spec: { ...base.spec, nodeName: 'worker-1' },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: waiting ? 'False' : 'True' }],
      containerStatuses: [
        {
          name: 'ubuntu',
          image: 'ubuntu:20.04',
          imageID: '',
          ready: !waiting,
          restartCount: restarts,
          started: !waiting,
          state: waiting
            ? { waiting: { reason: waiting, message: waiting === 'CrashLoopBackOff' ? `back-off 40s restarting failed container=ubuntu pod=${name}` : 'Back-off pulling image "ubuntu:20.04x"' } }
            : { running: { startedAt: ago(60_000) } },
          ...(state.crashing
            ? { lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: ago(30_000), finishedAt: ago(29_000) } } }
            : {}),
        },
      ],
    },
  };
}

/** A BackOff Warning event about a pod's container, as the kubelet records it. */
export function backOffEvent(namespace: string, podName: string, count: number, id = podName): KubeObject {
  return {
    kind: 'Event',
    metadata: { namespace, name: `${id}.17a1b2c3d4e5f6a7` },
    involvedObject: { kind: 'Pod', namespace, name: podName, fieldPath: 'spec.containers{ubuntu}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container ubuntu in pod',
    type: 'Warning',
    count,
    firstTimestamp: ago(120_000),
    lastTimestamp: new Date().toISOString(),
    source: { component: 'kubelet', host: 'worker-1' },
  };
}

/** The seed's case A: three crash-looping pods of Deployment test-deployment. */
export function caseA(namespace = 'k8s-and-chatgpt'): KubeObject[] {
  const names = ['test-deployment-7d4b9c8f5d-4xkzq', 'test-deployment-7d4b9c8f5d-9tlrm', 'test-deployment-7d4b9c8f5d-w6n2p'];
  return [
    { kind: 'Namespace', metadata: { name: namespace } },
    ...replicaSet(namespace, 'test-deployment'),
    ...names.map((name) => pod(namespace, 'test-deployment', name, { crashing: true, restarts: 3 })),
    ...names.map((name) => backOffEvent(namespace, name, 5)),
  ];
}
