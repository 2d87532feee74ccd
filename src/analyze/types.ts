import type {
  CoreV1Event,
  V1ControllerRevision,
  V1CronJob,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1Ingress,
  V1IngressClass,
  V1Job,
  V1LimitRange,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1Node,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1ReplicaSet,
  V1ResourceQuota,
  V1Service,
  V1StatefulSet,
  V1StorageClass,
  V1ValidatingWebhookConfiguration,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';

/** The failure categories of DESIGN.md. Order is irrelevant; precedence lives in the rules. */
export const CATEGORIES = [
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ImagePullAuth',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'InsufficientResources',
  'UnschedulableConstraints',
  'PVCUnbound',
  'VolumeMountFailure',
  'LivenessProbeFailure',
  'ReadinessProbeFailure',
  'StartupProbeFailure',
  'Evicted',
  'NodeNotReady',
  'SandboxCreationFailure',
  'QuotaExceeded',
  'AdmissionDenied',
  'JobFailed',
  'InitContainerFailure',
  'ServiceNoEndpoints',
  'IngressMisconfigured',
  'AutoscalerFailing',
  'RolloutStuck',
  'CronJobFailing',
  'WebhookUnavailable',
  'DisruptionBlocked',
  'Other',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Most severe first: findings are sorted in this order. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A pointer to a Kubernetes object; `namespace` is '' for cluster-scoped objects. */
export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Everything the analyzer reads. Built from a dump (`snapshotFromObjects`) or from the live
 * cluster (`readClusterSnapshot`); the watcher keeps one up to date from its informers.
 */
export interface ClusterSnapshot {
  pods: V1Pod[];
  events: CoreV1Event[];
  nodes: V1Node[];
  namespaces: V1Namespace[];
  persistentVolumeClaims: V1PersistentVolumeClaim[];
  persistentVolumes: V1PersistentVolume[];
  storageClasses: V1StorageClass[];
  jobs: V1Job[];
  replicaSets: V1ReplicaSet[];
  deployments: V1Deployment[];
  statefulSets: V1StatefulSet[];
  daemonSets: V1DaemonSet[];
  /** Revisions of StatefulSets and DaemonSets (a Deployment's are its ReplicaSets). */
  controllerRevisions: V1ControllerRevision[];
  cronJobs: V1CronJob[];
  services: V1Service[];
  endpointSlices: V1EndpointSlice[];
  ingresses: V1Ingress[];
  ingressClasses: V1IngressClass[];
  horizontalPodAutoscalers: V2HorizontalPodAutoscaler[];
  podDisruptionBudgets: V1PodDisruptionBudget[];
  validatingWebhookConfigurations: V1ValidatingWebhookConfiguration[];
  mutatingWebhookConfigurations: V1MutatingWebhookConfiguration[];
  /** The policy objects a FailedCreate denial names. */
  resourceQuotas: V1ResourceQuota[];
  limitRanges: V1LimitRange[];
}

/**
 * One failure of one workload. The JSON contract of `analyze --output json` (DESIGN.md) is
 * exactly these fields.
 */
export interface Finding {
  /** Kind of the object that fails: Pod, PersistentVolumeClaim, Node, Job, ... */
  kind: string;
  /** '' for cluster-scoped objects (nodes). */
  namespace: string;
  /** The failing object (for a workload: its first affected pod, sorted by name). */
  name: string;
  /** Owning workload, e.g. `Deployment/web`, `StatefulSet/db`, `Pod/debug` for a bare pod, `Node/n1`. */
  workload: string;
  category: Category;
  /** The failing component in one phrase, e.g. `container "ubuntu" of Deployment/test-deployment`. */
  component: string;
  severity: Severity;
  /** One line a person reads first. */
  summary: string;
  /** Proof, most telling first, de-duplicated: verbatim event messages with counts, container states. */
  evidence: string[];
  /** The subset of `evidence` that states the root cause; never dropped by the token budget. */
  rootCause: string[];
  /** Affected pod names, sorted. Empty when no pod is involved (a node, an unbound PVC alone). */
  pods: string[];
  /** Failing containers (init containers included), sorted. */
  containers: string[];
  /** Other objects involved: the PVC, the node, the StorageClass, the Job... */
  related: ObjectRef[];
}
