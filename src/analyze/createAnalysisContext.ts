import type { V1EndpointSlice, V1Job, V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import { compareText } from './compareText.js';
import { indexEvents, type EventIndex } from './indexEvents.js';
import { createWorkloadResolver, type WorkloadResolver } from './resolveWorkload.js';
import type { ClusterSnapshot } from './types.js';

/** Indexes built once per analysis; every rule looks things up here instead of scanning lists. */
export interface AnalysisContext {
  snapshot: ClusterSnapshot;
  now: number;
  events: EventIndex;
  workloads: WorkloadResolver;
  pvc(namespace: string, name: string): V1PersistentVolumeClaim | undefined;
  /** Pods that mount a claim, sorted by name. */
  podsUsingClaim(namespace: string, name: string): V1Pod[];
  /** Claims a pod mounts, including generic ephemeral volumes (`<pod>-<volume>`). */
  claimsOfPod(pod: V1Pod): string[];
  /** Pods of a Job, by owner uid or the `job-name` label, sorted by name. */
  podsOfJob(job: V1Job): V1Pod[];
  /** Pods bound to a node, sorted by name. */
  podsOnNode(name: string): V1Pod[];
  /** Jobs whose own finding (JobFailed) already covers their pods. */
  failedJob(namespace: string, name: string): V1Job | undefined;
  /** Pods of a namespace, sorted by name. */
  podsInNamespace(namespace: string): V1Pod[];
  /** The EndpointSlices of a Service (label `kubernetes.io/service-name`). */
  endpointSlicesOf(namespace: string, service: string): V1EndpointSlice[];
  /** Any object of the snapshot by kind field, namespace ('' when cluster-scoped) and name. */
  get<K extends keyof ClusterSnapshot>(key: K, namespace: string, name: string): ClusterSnapshot[K][number] | undefined;
}

function byName<T extends { metadata?: { name?: string } }>(a: T, b: T): number {
  return compareText(a.metadata?.name, b.metadata?.name);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function claimsOfPod(pod: V1Pod): string[] {
  const claims: string[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.persistentVolumeClaim !== undefined) claims.push(volume.persistentVolumeClaim.claimName);
    else if (volume.ephemeral !== undefined) claims.push(`${pod.metadata?.name ?? ''}-${volume.name}`);
  }
  return claims;
}

export function createAnalysisContext(snapshot: ClusterSnapshot, now: number): AnalysisContext {
  const pods = [...snapshot.pods].sort(byName);
  const pvcs = new Map<string, V1PersistentVolumeClaim>();
  for (const pvc of snapshot.persistentVolumeClaims) pvcs.set(`${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}`, pvc);
  const claimUsers = new Map<string, V1Pod[]>();
  const jobPods = new Map<string, V1Pod[]>();
  const nodePods = new Map<string, V1Pod[]>();
  const namespacePods = new Map<string, V1Pod[]>();
  for (const pod of pods) {
    push(namespacePods, pod.metadata?.namespace ?? '', pod);
    const ns = pod.metadata?.namespace ?? '';
    for (const claim of claimsOfPod(pod)) push(claimUsers, `${ns}/${claim}`, pod);
    const jobOwner = pod.metadata?.ownerReferences?.find((o) => o.kind === 'Job');
    const jobName = jobOwner?.name ?? pod.metadata?.labels?.['job-name'] ?? pod.metadata?.labels?.['batch.kubernetes.io/job-name'];
    if (jobName !== undefined) push(jobPods, `${ns}/${jobName}`, pod);
    if (pod.spec?.nodeName !== undefined) push(nodePods, pod.spec.nodeName, pod);
  }
  const failedJobs = new Map<string, V1Job>();
  for (const job of snapshot.jobs) {
    if (job.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True') === true) {
      failedJobs.set(`${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`, job);
    }
  }
  const slices = new Map<string, V1EndpointSlice[]>();
  for (const slice of snapshot.endpointSlices) {
    const service = slice.metadata?.labels?.['kubernetes.io/service-name'];
    if (service !== undefined) push(slices, `${slice.metadata?.namespace ?? ''}/${service}`, slice);
  }
  // Built on first use: most analyses never look up most kinds by name.
  const indexes = new Map<keyof ClusterSnapshot, Map<string, unknown>>();
  const get = <K extends keyof ClusterSnapshot>(key: K, namespace: string, name: string): ClusterSnapshot[K][number] | undefined => {
    let index = indexes.get(key);
    if (index === undefined) {
      index = new Map();
      for (const item of snapshot[key] as { metadata?: { namespace?: string; name?: string } }[]) {
        index.set(`${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`, item);
      }
      indexes.set(key, index);
    }
    return index.get(`${namespace}/${name}`) as ClusterSnapshot[K][number] | undefined;
  };
  return {
    snapshot,
    now,
    events: indexEvents(snapshot.events),
    workloads: createWorkloadResolver(snapshot),
    pvc: (namespace, name) => pvcs.get(`${namespace}/${name}`),
    podsUsingClaim: (namespace, name) => claimUsers.get(`${namespace}/${name}`) ?? [],
    claimsOfPod,
    podsOfJob: (job) => jobPods.get(`${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`) ?? [],
    podsOnNode: (name) => nodePods.get(name) ?? [],
    failedJob: (namespace, name) => failedJobs.get(`${namespace}/${name}`),
    podsInNamespace: (namespace) => namespacePods.get(namespace) ?? [],
    endpointSlicesOf: (namespace, service) => slices.get(`${namespace}/${service}`) ?? [],
    get,
  };
}
