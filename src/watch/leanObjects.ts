import { createHash } from 'node:crypto';
import type {
  CoreV1Event,
  KubernetesObject,
  V1Container,
  V1EnvVar,
  V1ContainerState,
  V1ContainerStatus,
  V1Node,
  V1ObjectMeta,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1StatefulSet,
  V1StorageClass,
  V1Volume,
} from '@kubernetes/client-node';

/**
 * What the watcher's informer caches keep of each kind: the fields the analyzer and the
 * watcher's grace rules read, nothing else (the evidence is read fresh from the API server by
 * the worker, never from these caches). A realistic pod keeps about a fifth of its size
 * (managedFields alone are a third of it). Kinds without an entry keep everything but the
 * metadata noise. test/watch/leanObjects.test.ts runs every analyzer fixture through this and
 * requires identical findings: a rule that reads a new field fails there until it is kept.
 */
export type Leaner = (object: KubernetesObject) => KubernetesObject;

/** Annotations someone reads: ours (`kube-diagnose-bot/notify`, …) and these. */
const OUR_ANNOTATIONS = 'kube-diagnose-bot/';
const READ_ANNOTATIONS = new Set([
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
  'kubernetes.io/ingress.class',
  'deployment.kubernetes.io/revision',
]);

/** The object with only the keys listed (those present), in that order. */
function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/** Names, owners, labels, times and versions; no managedFields, finalizers or foreign annotations. */
export function leanMetadata(meta: V1ObjectMeta | undefined): V1ObjectMeta {
  if (meta === undefined) return {};
  const out = pick(meta, ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'labels', 'ownerReferences']);
  const kept = Object.entries(meta.annotations ?? {}).filter(([key]) => key.startsWith(OUR_ANNOTATIONS) || READ_ANNOTATIONS.has(key));
  return kept.length > 0 ? { ...out, annotations: Object.fromEntries(kept) } : out;
}

function leanState(state: V1ContainerState | undefined): V1ContainerState | undefined {
  if (state?.terminated === undefined) return state;
  const terminated = { ...state.terminated };
  delete terminated.containerID;
  return { ...state, terminated };
}

function leanContainerStatus(status: V1ContainerStatus): V1ContainerStatus {
  const out = pick(status, ['name', 'image', 'ready', 'started', 'restartCount']);
  const state = leanState(status.state);
  const lastState = leanState(status.lastState);
  // imageID is a required field that nothing reads: a long digest per container, emptied.
  return { ...out, imageID: '', ...(state === undefined ? {} : { state }), ...(lastState === undefined ? {} : { lastState }) };
}

/** Names, resources (requests for placement, the memory limit for OOM) and ports (Services). */
function leanContainer(container: V1Container): V1Container {
  return pick(container, ['name', 'resources', 'ports']);
}

/** Claims, by name or ephemeral (`<pod>-<volume>`); no other volume is read. */
function isClaim(volume: V1Volume): boolean {
  return volume.persistentVolumeClaim !== undefined || volume.ephemeral !== undefined;
}

function leanVolume(volume: V1Volume): V1Volume {
  return volume.ephemeral === undefined ? pick(volume, ['name', 'persistentVolumeClaim']) : { name: volume.name, ephemeral: {} };
}

function leanPod(pod: V1Pod): V1Pod {
  const spec = pod.spec;
  const status = pod.status;
  return {
    ...pick(pod, ['apiVersion', 'kind']),
    metadata: leanMetadata(pod.metadata),
    ...(spec === undefined
      ? {}
      : {
          spec: {
            ...pick(spec, ['nodeName', 'restartPolicy', 'nodeSelector', 'affinity', 'topologySpreadConstraints']),
            containers: spec.containers.map(leanContainer),
            ...(spec.initContainers === undefined ? {} : { initContainers: spec.initContainers.map(leanContainer) }),
            ...(spec.volumes?.some(isClaim) === true ? { volumes: spec.volumes.filter(isClaim).map(leanVolume) } : {}),
          },
        }),
    ...(status === undefined
      ? {}
      : {
          status: {
            ...pick(status, ['phase', 'reason', 'message']),
            ...(status.conditions === undefined
              ? {}
              : { conditions: status.conditions.map((c) => pick(c, ['type', 'status', 'reason', 'message', 'lastTransitionTime'])) }),
            ...(status.containerStatuses === undefined ? {} : { containerStatuses: status.containerStatuses.map(leanContainerStatus) }),
            ...(status.initContainerStatuses === undefined ? {} : { initContainerStatuses: status.initContainerStatuses.map(leanContainerStatus) }),
          },
        }),
  };
}

function leanEvent(event: CoreV1Event): CoreV1Event {
  return {
    ...pick(event, ['apiVersion', 'kind', 'type', 'reason', 'message', 'count', 'firstTimestamp', 'lastTimestamp', 'eventTime']),
    metadata: leanMetadata(event.metadata),
    involvedObject: pick(event.involvedObject, ['kind', 'namespace', 'name', 'uid', 'fieldPath']),
    ...(event.series === undefined ? {} : { series: pick(event.series, ['count', 'lastObservedTime']) }),
  };
}

function leanNode(node: V1Node): V1Node {
  const status = node.status;
  const kubeletVersion = status?.nodeInfo?.kubeletVersion;
  return {
    ...pick(node, ['apiVersion', 'kind']),
    metadata: leanMetadata(node.metadata),
    ...(node.spec === undefined ? {} : { spec: pick(node.spec, ['taints', 'unschedulable']) }),
    ...(status === undefined
      ? {}
      : {
          status: {
            ...pick(status, ['conditions', 'allocatable', 'capacity']),
            // Only the version is read (the cluster's shape); the type wants the whole record.
            ...(kubeletVersion === undefined ? {} : { nodeInfo: { kubeletVersion } as NonNullable<typeof status.nodeInfo> }),
          },
        }),
  };
}

function leanClaim(pvc: V1PersistentVolumeClaim): V1PersistentVolumeClaim {
  return {
    ...pick(pvc, ['apiVersion', 'kind']),
    metadata: leanMetadata(pvc.metadata),
    ...(pvc.spec === undefined ? {} : { spec: pick(pvc.spec, ['storageClassName', 'accessModes', 'resources', 'volumeName']) }),
    ...(pvc.status === undefined ? {} : { status: pick(pvc.status, ['phase']) }),
  };
}

function leanVolumeObject(pv: V1PersistentVolume): V1PersistentVolume {
  return {
    ...pick(pv, ['apiVersion', 'kind']),
    metadata: leanMetadata(pv.metadata),
    ...(pv.spec === undefined ? {} : { spec: pick(pv.spec, ['claimRef', 'capacity', 'accessModes', 'storageClassName']) }),
    ...(pv.status === undefined ? {} : { status: pick(pv.status, ['phase']) }),
  };
}

function leanStorageClass(sc: V1StorageClass): V1StorageClass {
  return { ...pick(sc, ['apiVersion', 'kind', 'provisioner', 'volumeBindingMode', 'reclaimPolicy']), metadata: leanMetadata(sc.metadata) };
}

/** Controllers: everything but the pod template (the pods themselves are cached). */
function withoutTemplate<T extends { apiVersion?: string; kind?: string; metadata?: V1ObjectMeta; spec?: object; status?: object }>(object: T): T {
  const spec = { ...object.spec } as { template?: unknown };
  delete spec.template;
  return { ...object, metadata: leanMetadata(object.metadata), ...(object.spec === undefined ? {} : { spec }) };
}

/** A short stand-in for an env value: enough to tell that it changed, never the value itself. */
function valueDigest(env: V1EnvVar): string {
  return createHash('sha256').update(JSON.stringify(env.value ?? env.valueFrom ?? null)).digest('base64url').slice(0, 12);
}

/** What a rollout diff compares (image, env names, command/args, resources, mounts, volumes). */
function leanTemplate(template: V1PodTemplateSpec | undefined): V1PodTemplateSpec | undefined {
  const spec = template?.spec;
  if (spec === undefined) return undefined;
  const container = (c: V1Container): V1Container => ({
    ...pick(c, ['name', 'image', 'command', 'args', 'resources', 'volumeMounts', 'envFrom']),
    ...(c.env === undefined ? {} : { env: c.env.map((e) => ({ name: e.name, value: valueDigest(e) })) }),
  });
  return {
    spec: {
      containers: spec.containers.map(container),
      ...(spec.initContainers === undefined ? {} : { initContainers: spec.initContainers.map(container) }),
      ...(spec.volumes === undefined ? {} : { volumes: spec.volumes }),
    },
  };
}

/** A ReplicaSet keeps the parts of its template that "what changed" compares between revisions. */
function leanReplicaSet(rs: V1ReplicaSet): V1ReplicaSet {
  const lean = withoutTemplate(rs);
  const template = leanTemplate(rs.spec?.template);
  if (lean.spec === undefined || template === undefined) return lean;
  return { ...lean, spec: { ...lean.spec, selector: lean.spec.selector ?? {}, template } };
}

function leanStatefulSet(sts: V1StatefulSet): V1StatefulSet {
  const lean = withoutTemplate(sts);
  const templates = sts.spec?.volumeClaimTemplates;
  // A StatefulSet's claims are named after its templates: keep their names only.
  if (lean.spec === undefined || templates === undefined) return lean;
  return { ...lean, spec: { ...lean.spec, volumeClaimTemplates: templates.map((t) => ({ metadata: pick(t.metadata ?? {}, ['name']) })) } };
}

/** A typed leaner as the registry stores it (each is only ever given objects of its kind). */
const of = <T>(lean: (object: T) => T): Leaner => lean as unknown as Leaner;

/** The lean form of each kind; add a kind here when the analyzer starts reading it. */
export const LEANERS: Readonly<Record<string, Leaner>> = {
  Pod: of(leanPod),
  Event: of(leanEvent),
  Node: of(leanNode),
  PersistentVolumeClaim: of(leanClaim),
  PersistentVolume: of(leanVolumeObject),
  StorageClass: of(leanStorageClass),
  Job: withoutTemplate,
  ReplicaSet: of(leanReplicaSet),
  Deployment: withoutTemplate,
  StatefulSet: of(leanStatefulSet),
  DaemonSet: withoutTemplate,
};

/** The leaner of a kind: its own, or one that drops only managedFields and foreign annotations. */
export function leanerFor(kind: string): Leaner {
  return LEANERS[kind] ?? ((object) => ({ ...object, metadata: leanMetadata(object.metadata) }));
}
