import { compareText } from './compareText.js';
import { emptySnapshot } from './emptySnapshot.js';
import { reviveTimestamps } from './reviveTimestamps.js';
import type { ClusterSnapshot } from './types.js';

type SnapshotField = keyof ClusterSnapshot;

/** The kinds the analyzer reads, and where each goes in the snapshot. */
const FIELD_BY_KIND: Readonly<Record<string, SnapshotField>> = {
  Pod: 'pods',
  Event: 'events',
  Node: 'nodes',
  Namespace: 'namespaces',
  PersistentVolumeClaim: 'persistentVolumeClaims',
  PersistentVolume: 'persistentVolumes',
  StorageClass: 'storageClasses',
  Job: 'jobs',
  ReplicaSet: 'replicaSets',
  Deployment: 'deployments',
  StatefulSet: 'statefulSets',
  DaemonSet: 'daemonSets',
  ControllerRevision: 'controllerRevisions',
  CronJob: 'cronJobs',
  Service: 'services',
  EndpointSlice: 'endpointSlices',
  Ingress: 'ingresses',
  IngressClass: 'ingressClasses',
  HorizontalPodAutoscaler: 'horizontalPodAutoscalers',
  PodDisruptionBudget: 'podDisruptionBudgets',
  ValidatingWebhookConfiguration: 'validatingWebhookConfigurations',
  MutatingWebhookConfiguration: 'mutatingWebhookConfigurations',
  ResourceQuota: 'resourceQuotas',
  LimitRange: 'limitRanges',
};

/** Kinds we read without analysing: no warning for them, they are simply not needed. */
const QUIET_KINDS = new Set(['Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount']);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(item: JsonObject, position: string): string {
  const meta = isObject(item['metadata']) ? item['metadata'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  const ns = typeof meta['namespace'] === 'string' ? `${meta['namespace']}/` : '';
  const kind = typeof item['kind'] === 'string' ? item['kind'] : 'object';
  return name === '' ? `${kind} at ${position}` : `${kind} ${ns}${name}`;
}

/** events.k8s.io/v1 Events use other field names; map them onto core/v1 so one rule set reads both. */
function toCoreEvent(item: JsonObject): JsonObject {
  if (item['involvedObject'] !== undefined || item['regarding'] === undefined) return item;
  const series = isObject(item['series']) ? item['series'] : {};
  return {
    ...item,
    apiVersion: 'v1',
    involvedObject: item['regarding'],
    message: item['note'],
    count: series['count'] ?? item['deprecatedCount'],
    firstTimestamp: item['deprecatedFirstTimestamp'] ?? item['eventTime'],
    lastTimestamp: series['lastObservedTime'] ?? item['deprecatedLastTimestamp'] ?? item['eventTime'],
    source: isObject(item['deprecatedSource'])
      ? item['deprecatedSource']
      : { component: item['reportingController'] },
  };
}

/**
 * Sorts Kubernetes objects into a snapshot. Accepts `List` objects (`kubectl get ... -o json`,
 * also nested and typed lists such as `PodList` whose items carry no `kind`), plain arrays and
 * single objects. Objects of other kinds, or missing `kind`/`metadata.name`, are skipped and
 * each skip is explained in `skipped`.
 *
 * The input is copied, unless `consume` says it may be changed (a freshly parsed dump): then the
 * objects are kept as they are, timestamps revived in place and `managedFields`, which nothing
 * reads and which is half of a real pod, dropped, so a dump is never held twice.
 */
export function snapshotFromObjects(objects: unknown[], options: { consume?: boolean } = {}): { snapshot: ClusterSnapshot; skipped: string[] } {
  const snapshot = emptySnapshot();
  const skipped: string[] = [];
  const ignoredKinds = new Map<string, number>();
  const own = <T>(value: T): T => (options.consume === true ? value : structuredClone(value));

  /** A list being read: lists nest (a List of PodLists), so they are frames on a heap stack, not calls. */
  interface Frame {
    list: unknown[];
    next: number;
    position: string;
    impliedKind: string | undefined;
  }

  /** Sorts one value in; a nested list comes back as the frame to read next. */
  const take = (value: unknown, at: () => string, impliedKind: string | undefined): Frame | undefined => {
    if (Array.isArray(value)) return { list: value, next: 0, position: at(), impliedKind };
    if (!isObject(value)) {
      skipped.push(`${at()}: not an object`);
      return undefined;
    }
    const kind = typeof value['kind'] === 'string' ? value['kind'] : impliedKind;
    if (Array.isArray(value['items']) && (kind === undefined || kind.endsWith('List'))) {
      // A typed list (PodList) omits `kind` on its items; kubectl's `List` keeps it.
      const itemKind = kind !== undefined && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
      return { list: value['items'], next: 0, position: `${at()}.items`, impliedKind: itemKind };
    }
    if (kind === undefined) {
      skipped.push(`${describe(value, at())}: no "kind"`);
      return undefined;
    }
    const item = value['kind'] === undefined ? { ...value, kind } : value;
    const meta = item['metadata'];
    if (!isObject(meta) || typeof meta['name'] !== 'string' || meta['name'] === '') {
      skipped.push(`${describe(item, at())}: no "metadata.name"`);
      return undefined;
    }
    const field = FIELD_BY_KIND[kind];
    if (field === undefined) {
      if (!QUIET_KINDS.has(kind)) ignoredKinds.set(kind, (ignoredKinds.get(kind) ?? 0) + 1);
      return undefined;
    }
    const normalised = kind === 'Event' ? toCoreEvent(item) : item;
    if (kind === 'Event' && !isObject(normalised['involvedObject'])) {
      skipped.push(`${describe(item, at())}: no "involvedObject"`);
      return undefined;
    }
    const kept = own(normalised);
    // Set, not deleted: deleting a property would turn every metadata object into a slow dictionary.
    if (options.consume === true && isObject(kept['metadata']) && kept['metadata']['managedFields'] !== undefined) kept['metadata']['managedFields'] = undefined;
    (snapshot[field] as unknown[]).push(reviveTimestamps(kept));
    return undefined;
  };

  // Neither the length of a list nor the depth of nesting costs call stack; positions are built
  // only for the skip messages.
  const frames: Frame[] = [{ list: objects, next: 0, position: '', impliedKind: undefined }];
  for (let frame = frames.at(-1); frame !== undefined; frame = frames.at(-1)) {
    if (frame.next >= frame.list.length) {
      frames.pop();
      continue;
    }
    const i = frame.next;
    frame.next += 1;
    const { position } = frame;
    const nested = take(frame.list[i], () => `${position}[${i}]`, frame.impliedKind);
    if (nested !== undefined) frames.push(nested);
  }
  for (const [kind, count] of [...ignoredKinds].sort(([a], [b]) => compareText(a, b))) {
    skipped.push(`${count} ${kind} object${count === 1 ? '' : 's'}: kind ${kind} is not analysed`);
  }
  return { snapshot, skipped };
}
