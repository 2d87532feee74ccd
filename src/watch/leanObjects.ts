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
  V1PodStatus,
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

/**
 * The object with only the keys listed (those present), in that order. Lean objects are built by
 * plain stores (`pick`, `put`), never by spreads: once V8's object-clone cache goes megamorphic a
 * spread gives each result a hidden class of its own (measured: ~3 KB of maps and descriptors per
 * cached pod, a fifth of the heap), while stores share one transition tree.
 */
function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (value[key] !== undefined) out[key] = SHARED_FIELDS.has(key as string) ? intern(value[key]) : value[key];
  return out;
}

/**
 * Fields whose values thousands of cached objects repeat (namespaces, nodes, images, condition
 * types and reasons, timestamps of objects created together): JSON.parse makes a new string for
 * every value, so 50,000 pods held ~25 MB of copies of a few timestamps alone.
 */
const SHARED_FIELDS: ReadonlySet<string> = new Set([
  'apiVersion', 'kind', 'namespace', 'creationTimestamp', 'nodeName', 'restartPolicy', 'phase', 'type', 'status', 'reason',
  'lastTransitionTime', 'image', 'fieldPath', 'firstTimestamp', 'lastTimestamp',
]);
/** Bounded: a cluster's timestamps are many; a full table starts again rather than grow. */
const INTERNED_MAX = 20_000;
const interned = new Map<string, string>();

/** The one kept copy of a string value (anything else as it is). */
function intern<V>(value: V): V {
  if (typeof value !== 'string') return value;
  const known = interned.get(value);
  if (known !== undefined) return known as V;
  if (interned.size >= INTERNED_MAX) interned.clear();
  interned.set(value, value);
  return value;
}

/** Labels with their values shared (a Deployment's pods all carry the same ones). */
function leanLabels(labels: Record<string, string> | undefined): Record<string, string> | undefined {
  if (labels === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) out[key] = intern(value);
  return out;
}

/** Sets `key` when `value` is defined; returns `out`. */
function put<T extends object, K extends keyof T>(out: T, key: K, value: T[K] | undefined): T {
  if (value !== undefined) out[key] = value;
  return out;
}

/** Names, owners, labels, times and versions; no managedFields, finalizers or foreign annotations. */
export function leanMetadata(meta: V1ObjectMeta | undefined): V1ObjectMeta {
  if (meta === undefined) return {};
  const out = pick(meta, ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'ownerReferences']) as V1ObjectMeta;
  put(out, 'labels', leanLabels(meta.labels));
  const kept = Object.entries(meta.annotations ?? {}).filter(([key]) => key.startsWith(OUR_ANNOTATIONS) || READ_ANNOTATIONS.has(key));
  return put(out, 'annotations', kept.length > 0 ? Object.fromEntries(kept) : undefined);
}

function leanState(state: V1ContainerState | undefined): V1ContainerState | undefined {
  if (state?.terminated === undefined) return state;
  const terminated = pick(state.terminated, ['exitCode', 'signal', 'reason', 'message', 'startedAt', 'finishedAt']);
  return put(pick(state, ['running', 'waiting']), 'terminated', terminated);
}

function leanContainerStatus(status: V1ContainerStatus): V1ContainerStatus {
  const out = pick(status, ['name', 'image', 'ready', 'started', 'restartCount']) as V1ContainerStatus;
  // imageID is a required field that nothing reads: a long digest per container, emptied.
  out.imageID = '';
  put(out, 'state', leanState(status.state));
  return put(out, 'lastState', leanState(status.lastState));
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

/** `apiVersion`, `kind` and lean metadata: how every lean object starts. */
function leanHead<T extends KubernetesObject>(object: T): T {
  const out = pick(object, ['apiVersion', 'kind']) as T;
  out.metadata = leanMetadata(object.metadata);
  return out;
}

function leanPod(pod: V1Pod): V1Pod {
  const out = leanHead(pod);
  const spec = pod.spec;
  if (spec !== undefined) {
    const lean = pick(spec, ['nodeName', 'restartPolicy', 'nodeSelector', 'affinity', 'topologySpreadConstraints']) as V1Pod['spec'] & object;
    lean.containers = spec.containers.map(leanContainer);
    put(lean, 'initContainers', spec.initContainers?.map(leanContainer));
    put(lean, 'volumes', spec.volumes?.some(isClaim) === true ? spec.volumes.filter(isClaim).map(leanVolume) : undefined);
    out.spec = lean;
  }
  const status = pod.status;
  if (status !== undefined) {
    const lean = pick(status, ['phase', 'reason', 'message']) as V1PodStatus;
    put(lean, 'conditions', status.conditions?.map((c) => pick(c, ['type', 'status', 'reason', 'message', 'lastTransitionTime'])));
    put(lean, 'containerStatuses', status.containerStatuses?.map(leanContainerStatus));
    put(lean, 'initContainerStatuses', status.initContainerStatuses?.map(leanContainerStatus));
    out.status = lean;
  }
  return out;
}

function leanEvent(event: CoreV1Event): CoreV1Event {
  const out = pick(event, ['apiVersion', 'kind', 'type', 'reason', 'message', 'count', 'firstTimestamp', 'lastTimestamp', 'eventTime']) as CoreV1Event;
  out.metadata = leanMetadata(event.metadata);
  out.involvedObject = pick(event.involvedObject, ['kind', 'namespace', 'name', 'uid', 'fieldPath']);
  return put(out, 'series', event.series === undefined ? undefined : pick(event.series, ['count', 'lastObservedTime']));
}

function leanNode(node: V1Node): V1Node {
  const out = leanHead(node);
  put(out, 'spec', node.spec === undefined ? undefined : pick(node.spec, ['taints', 'unschedulable']));
  const status = node.status;
  if (status !== undefined) {
    const lean = pick(status, ['conditions', 'allocatable', 'capacity']) as NonNullable<V1Node['status']>;
    const kubeletVersion = status.nodeInfo?.kubeletVersion;
    // Only the version is read (the cluster's shape); the type wants the whole record.
    put(lean, 'nodeInfo', kubeletVersion === undefined ? undefined : ({ kubeletVersion } as NonNullable<typeof status.nodeInfo>));
    out.status = lean;
  }
  return out;
}

function leanClaim(pvc: V1PersistentVolumeClaim): V1PersistentVolumeClaim {
  const out = leanHead(pvc);
  put(out, 'spec', pvc.spec === undefined ? undefined : pick(pvc.spec, ['storageClassName', 'accessModes', 'resources', 'volumeName']));
  return put(out, 'status', pvc.status === undefined ? undefined : pick(pvc.status, ['phase']));
}

function leanVolumeObject(pv: V1PersistentVolume): V1PersistentVolume {
  const out = leanHead(pv);
  put(out, 'spec', pv.spec === undefined ? undefined : pick(pv.spec, ['claimRef', 'capacity', 'accessModes', 'storageClassName']));
  return put(out, 'status', pv.status === undefined ? undefined : pick(pv.status, ['phase']));
}

function leanStorageClass(sc: V1StorageClass): V1StorageClass {
  const out = pick(sc, ['apiVersion', 'kind', 'provisioner', 'volumeBindingMode', 'reclaimPolicy']) as V1StorageClass;
  out.metadata = leanMetadata(sc.metadata);
  return out;
}

/** Every key but those listed, copied by plain stores (see `pick`). */
function omit<T extends object>(value: T, keys: readonly string[]): T {
  const out = {} as Record<string, unknown>;
  for (const [key, field] of Object.entries(value)) if (!keys.includes(key)) out[key] = field;
  return out as T;
}

/** Everything but managedFields and foreign annotations. */
function leanAny<T extends KubernetesObject>(object: T): T {
  const out = omit(object, ['metadata']);
  out.metadata = leanMetadata(object.metadata);
  return out;
}

type Controller = KubernetesObject & { spec?: object; status?: object };

/** Controllers: everything but the pod template (the pods themselves are cached). */
function withoutTemplate<T extends Controller>(object: T): T {
  const out = leanAny(object);
  return put(out, 'spec', object.spec === undefined ? undefined : omit(object.spec, ['template']));
}

/** A short stand-in for an env value: enough to tell that it changed, never the value itself. */
function valueDigest(env: V1EnvVar): string {
  return createHash('sha256').update(JSON.stringify(env.value ?? env.valueFrom ?? null)).digest('base64url').slice(0, 12);
}

/** What a rollout diff compares (image, env names, command/args, resources, mounts, volumes). */
function leanTemplate(template: V1PodTemplateSpec | undefined): V1PodTemplateSpec | undefined {
  const spec = template?.spec;
  if (spec === undefined) return undefined;
  const container = (c: V1Container): V1Container =>
    put(
      pick(c, ['name', 'image', 'command', 'args', 'resources', 'volumeMounts', 'envFrom']) as V1Container,
      'env',
      c.env?.map((e) => ({ name: e.name, value: valueDigest(e) })),
    );
  const lean = { containers: spec.containers.map(container) } as NonNullable<V1PodTemplateSpec['spec']>;
  put(lean, 'initContainers', spec.initContainers?.map(container));
  return { spec: put(lean, 'volumes', spec.volumes) };
}

/** A ReplicaSet keeps the parts of its template that "what changed" compares between revisions. */
function leanReplicaSet(rs: V1ReplicaSet): V1ReplicaSet {
  const lean = withoutTemplate(rs);
  const template = leanTemplate(rs.spec?.template);
  if (lean.spec === undefined || template === undefined) return lean;
  lean.spec.selector ??= {};
  lean.spec.template = template;
  return lean;
}

function leanStatefulSet(sts: V1StatefulSet): V1StatefulSet {
  const lean = withoutTemplate(sts);
  const templates = sts.spec?.volumeClaimTemplates;
  // A StatefulSet's claims are named after its templates: keep their names only.
  if (lean.spec === undefined || templates === undefined) return lean;
  lean.spec.volumeClaimTemplates = templates.map((t) => ({ metadata: pick(t.metadata ?? {}, ['name']) }));
  return lean;
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
  return LEANERS[kind] ?? leanAny;
}
