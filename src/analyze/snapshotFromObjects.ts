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
 */
export function snapshotFromObjects(objects: unknown[]): { snapshot: ClusterSnapshot; skipped: string[] } {
  const snapshot = emptySnapshot();
  const skipped: string[] = [];
  const ignoredKinds = new Map<string, number>();

  const visit = (value: unknown, position: string, impliedKind: string | undefined): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        visit(item, `${position}[${i}]`, impliedKind);
      });
      return;
    }
    if (!isObject(value)) {
      skipped.push(`${position}: not an object`);
      return;
    }
    const kind = typeof value['kind'] === 'string' ? value['kind'] : impliedKind;
    if (Array.isArray(value['items']) && (kind === undefined || kind.endsWith('List'))) {
      // A typed list (PodList) omits `kind` on its items; kubectl's `List` keeps it.
      const itemKind = kind !== undefined && kind !== 'List' ? kind.slice(0, -'List'.length) : undefined;
      visit(value['items'], `${position}.items`, itemKind);
      return;
    }
    if (kind === undefined) {
      skipped.push(`${describe(value, position)}: no "kind"`);
      return;
    }
    const item = value['kind'] === undefined ? { ...value, kind } : value;
    const meta = item['metadata'];
    if (!isObject(meta) || typeof meta['name'] !== 'string' || meta['name'] === '') {
      skipped.push(`${describe(item, position)}: no "metadata.name"`);
      return;
    }
    const field = FIELD_BY_KIND[kind];
    if (field === undefined) {
      if (!QUIET_KINDS.has(kind)) ignoredKinds.set(kind, (ignoredKinds.get(kind) ?? 0) + 1);
      return;
    }
    const normalised = kind === 'Event' ? toCoreEvent(item) : item;
    if (kind === 'Event' && !isObject(normalised['involvedObject'])) {
      skipped.push(`${describe(item, position)}: no "involvedObject"`);
      return;
    }
    (snapshot[field] as unknown[]).push(reviveTimestamps(normalised));
  };

  objects.forEach((value, i) => {
    visit(value, `[${i}]`, undefined);
  });
  for (const [kind, count] of [...ignoredKinds].sort(([a], [b]) => compareText(a, b))) {
    skipped.push(`${count} ${kind} object${count === 1 ? '' : 's'}: kind ${kind} is not analysed`);
  }
  return { snapshot, skipped };
}
