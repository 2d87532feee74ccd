import type { Category, ObjectRef } from './types.js';

/** What a category means, as the tail of a summary line. */
const WHAT: Readonly<Record<Category, string>> = {
  CrashLoopBackOff: 'keeps crashing (CrashLoopBackOff)',
  OOMKilled: 'is killed for exceeding its memory limit (OOMKilled)',
  ImagePullBackOff: 'cannot pull its image (ImagePullBackOff)',
  ImagePullAuth: 'is refused its image by the registry (authentication)',
  CreateContainerConfigError: 'cannot be created: a referenced Secret, ConfigMap or key is missing',
  CreateContainerError: 'cannot be created by the container runtime',
  RunContainerError: 'cannot start its process (RunContainerError)',
  InsufficientResources: 'cannot be scheduled: not enough resources on any node',
  UnschedulableConstraints: 'cannot be scheduled: no node satisfies its constraints',
  PVCUnbound: 'is not bound to a volume',
  VolumeMountFailure: 'cannot attach or mount a volume',
  LivenessProbeFailure: 'fails its liveness probe and is restarted',
  ReadinessProbeFailure: 'fails its readiness probe and gets no traffic',
  StartupProbeFailure: 'fails its startup probe',
  Evicted: 'was evicted by the kubelet',
  NodeNotReady: 'is not healthy',
  SandboxCreationFailure: 'cannot get a pod sandbox (network/runtime)',
  QuotaExceeded: 'cannot create pods: ResourceQuota or LimitRange',
  AdmissionDenied: 'cannot create pods: denied by admission',
  JobFailed: 'failed',
  InitContainerFailure: 'is stuck: an init container fails',
  ServiceNoEndpoints: 'has no ready endpoint: its traffic goes nowhere',
  IngressMisconfigured: 'routes to a backend or class that does not exist',
  AutoscalerFailing: 'cannot autoscale',
  RolloutStuck: 'rollout is stuck',
  CronJobFailing: 'runs are failing or missed',
  WebhookUnavailable: 'admission webhook cannot be called',
  DisruptionBlocked: 'allows no disruption: drains are blocked',
  Other: 'is failing',
};

const CONTAINER_CATEGORIES = new Set<Category>([
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ImagePullAuth',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'LivenessProbeFailure',
  'ReadinessProbeFailure',
  'StartupProbeFailure',
  'InitContainerFailure',
]);

/** The summary is read first, on a phone too: the full message is in the evidence. */
const MAX_DETAIL = 160;

export interface FindingFacts {
  category: Category;
  subject: ObjectRef;
  workload: string;
  pods: string[];
  containers: string[];
  related: ObjectRef[];
  detail: string;
}

function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** The failing component in one phrase, e.g. `container "ubuntu" of Deployment/test-deployment`. */
export function describeComponent(f: FindingFacts): string {
  const node = f.related.find((r) => r.kind === 'Node')?.name;
  if (CONTAINER_CATEGORIES.has(f.category) && f.containers.length > 0) {
    const init = f.category === 'InitContainerFailure' ? 'init ' : '';
    const noun = f.containers.length === 1 ? 'container' : 'containers';
    return `${init}${noun} ${quoted(f.containers)} of ${f.workload}`;
  }
  switch (f.category) {
    case 'InsufficientResources':
    case 'UnschedulableConstraints':
      return `kube-scheduler: placement of ${f.workload}`;
    case 'PVCUnbound':
      return `PersistentVolumeClaim "${f.subject.name}"${f.pods.length > 0 ? ` of ${f.workload}` : ''}`;
    case 'VolumeMountFailure':
      return `volume of ${f.workload} (kubelet${node !== undefined ? ` on ${node}` : ''})`;
    case 'Evicted':
      return `kubelet eviction of ${f.workload}${node !== undefined ? ` on node "${node}"` : ''}`;
    case 'NodeNotReady':
      return `node "${f.subject.name}"`;
    case 'SandboxCreationFailure':
      return `pod sandbox (CNI/container runtime)${node !== undefined ? ` on node "${node}"` : ''} for ${f.workload}`;
    case 'QuotaExceeded':
      return `ResourceQuota/LimitRange in namespace "${f.subject.namespace}" blocking ${f.subject.kind}/${f.subject.name}`;
    case 'AdmissionDenied':
      return `admission control blocking ${f.subject.kind}/${f.subject.name}`;
    case 'ServiceNoEndpoints':
      return `Service "${f.subject.name}" (no ready endpoint)`;
    case 'IngressMisconfigured':
      return `Ingress "${f.subject.name}"`;
    case 'AutoscalerFailing':
      return `HorizontalPodAutoscaler "${f.subject.name}" of ${f.workload}`;
    case 'RolloutStuck':
      return `rollout of ${f.workload}`;
    case 'CronJobFailing':
      return `CronJob "${f.subject.name}"`;
    case 'WebhookUnavailable':
      return f.subject.kind === 'Service'
        ? `admission webhook ${f.workload} (Service ${f.subject.namespace}/${f.subject.name})`
        : `admission webhook blocking ${f.subject.kind}/${f.subject.name}`;
    case 'DisruptionBlocked':
      return `PodDisruptionBudget "${f.subject.name}"`;
    case 'JobFailed':
      return `Job "${f.subject.name}"${f.workload.startsWith('CronJob/') ? ` of ${f.workload}` : ''}`;
    default:
      return `${f.subject.kind} "${f.subject.name}"${f.workload !== `${f.subject.kind}/${f.subject.name}` ? ` of ${f.workload}` : ''}`;
  }
}

/** One line a person reads first, e.g. `3 pods of Deployment/web: container "app" keeps crashing (...) — last exit: Error 1, 29 restarts`. */
export function describeSummary(f: FindingFacts): string {
  const ns = f.subject.namespace === '' ? '' : `${f.subject.namespace}/`;
  const inNs = f.subject.namespace === '' ? '' : ` in ${f.subject.namespace}`;
  let who: string;
  if (f.category === 'NodeNotReady') who = `Node ${f.subject.name}`;
  else if (f.category === 'PVCUnbound') who = `PersistentVolumeClaim ${ns}${f.subject.name}${f.pods.length > 0 ? ` (used by ${f.pods.length === 1 ? `pod ${f.pods[0] ?? ''}` : `${f.pods.length} pods`} of ${f.workload})` : ''}`;
  else if (f.pods.length > 1 && f.subject.kind === 'Pod') who = `${f.pods.length} pods of ${f.workload}${inNs}`;
  else if (f.pods.length === 1 && f.subject.kind === 'Pod') who = `Pod ${ns}${f.pods[0] ?? ''}${f.workload.startsWith('Pod/') ? '' : ` (${f.workload})`}`;
  else who = `${f.subject.kind} ${ns}${f.subject.name}${f.workload !== `${f.subject.kind}/${f.subject.name}` ? ` (${f.workload})` : ''}`;
  const container = CONTAINER_CATEGORIES.has(f.category) && f.containers.length > 0
    ? `${f.category === 'InitContainerFailure' ? 'init ' : ''}container ${quoted(f.containers)} `
    : '';
  const what = container !== '' && f.category === 'InitContainerFailure' ? 'fails' : WHAT[f.category];
  const detail = f.detail.length > MAX_DETAIL ? `${f.detail.slice(0, MAX_DETAIL - 1)}…` : f.detail;
  return `${who}: ${container}${what}${detail === '' ? '' : ` — ${detail}`}`;
}
