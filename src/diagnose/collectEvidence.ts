import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { Category, ClusterSnapshot, Finding, ObjectRef } from '../analyze/types.js';
import { recentChanges } from '../analyze/recentChanges.js';
import type { LogReader } from '../kube/types.js';
import { clusterShapeOf } from './clusterShapeOf.js';
import { capLine } from './redact/capLine.js';
import { describeContainerSpec, describeContainerState, describePlacement, describePodStatus, describeSecurityContext } from './describePod.js';
import { describeNodeCapacity, describeNodeConditions } from './describeNodes.js';
import { describeStorage } from './describeStorage.js';
import { eventsAbout, formatEvents } from './formatEvents.js';
import type { Evidence, EvidenceNames, EvidenceSection } from './types.js';

export interface CollectEvidenceOptions {
  /** Reads container logs; without it (a dump) the evidence has no logs. */
  logs?: LogReader;
  /** Lines of log tail per container; default 50. */
  logTailLines?: number;
  /** Clock for event and state ages; default `Date.now`. */
  now?: () => number;
}

const SCHEDULING: readonly Category[] = ['InsufficientResources', 'UnschedulableConstraints'];
const STORAGE: readonly Category[] = ['PVCUnbound', 'VolumeMountFailure'];
const NODE: readonly Category[] = ['NodeNotReady', 'Evicted'];
const MAX_OTHER_PODS = 10;
const MAX_LOGGED_CONTAINERS = 2;
const MAX_NODES = 20;
/** Bytes of log read per container: 50 lines of `MAX_LINE_CHARS` fit; a 50 MB line is not fetched. */
const LOG_LIMIT_BYTES = 128 * 1024;

/** Token-budget priorities (lower survives longer); see `EvidenceSection.priority`. */
// Spec and workload are a few lines that a long log must not crowd out.
const PRIORITY = { pod: 20, nodeConditions: 20, events: 25, changes: 26, spec: 27, nodePods: 27, workload: 28, logs: 30, storage: 30, nodes: 30, otherPods: 50 };
/** Failures of the node's machinery (CNI, CSI, kubelet): a system pod failing on the same node is often the cause. */
const NODE_SIDE: readonly Category[] = ['SandboxCreationFailure', 'VolumeMountFailure', 'NodeNotReady', 'Evicted'];
const MAX_NODE_PODS = 5;

const splitWorkload = (workload: string): ObjectRef | undefined => {
  const slash = workload.indexOf('/');
  return slash > 0 ? { kind: workload.slice(0, slash), namespace: '', name: workload.slice(slash + 1) } : undefined;
};

/** Failing containers first (as the analyzer named them), then the rest, init containers included. */
function statusesOf(pod: V1Pod, failing: readonly string[]): V1ContainerStatus[] {
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return [...all.filter((s) => failing.includes(s.name)), ...all.filter((s) => !failing.includes(s.name))];
}

/**
 * Which log tells what happened: a container that is terminated now has its crash in the current
 * log; one that restarted has it in the previous instance's log; one that never started has none.
 */
function logRequestFor(status: V1ContainerStatus): { previous: boolean } | undefined {
  if (status.state?.terminated) return { previous: false };
  if (status.lastState?.terminated) return { previous: true };
  if (status.state?.running) return { previous: false };
  return undefined;
}

/**
 * Everything the bot knows about a finding, as titled sections of short lines: the failing pod's
 * container states and spec, events of the pod and its owners, PVCs and node (folded, with ages),
 * log tails, storage for PVC cases, node capacity for scheduling cases, node conditions for node
 * cases, and the cluster's shape. Works on a dump (no `logs`) as well as live.
 */
export async function collectEvidence(
  finding: Finding,
  snapshot: ClusterSnapshot,
  options: CollectEvidenceOptions = {},
): Promise<Evidence> {
  const now = (options.now ?? Date.now)();
  const namespace = finding.namespace;
  const inNamespace = <T extends { metadata?: { namespace?: string; name?: string } }>(items: readonly T[], name: string) =>
    items.find((item) => item.metadata?.namespace === namespace && item.metadata.name === name);

  const podNames = finding.pods.length > 0 ? finding.pods : finding.kind === 'Pod' ? [finding.name] : [];
  const primaryName = finding.kind === 'Pod' ? finding.name : podNames[0];
  const pod = primaryName === undefined ? undefined : inNamespace(snapshot.pods, primaryName);

  // The objects whose events matter: the pods, their owner chain, the workload, PVCs, node, related.
  const refs: ObjectRef[] = [{ kind: finding.kind, namespace, name: finding.name }];
  for (const name of podNames.slice(0, MAX_OTHER_PODS + 1)) refs.push({ kind: 'Pod', namespace, name });
  const workload = splitWorkload(finding.workload);
  if (workload) refs.push({ ...workload, namespace: workload.kind === 'Node' ? '' : namespace });
  for (const owner of pod?.metadata?.ownerReferences ?? []) {
    refs.push({ kind: owner.kind, namespace, name: owner.name });
    const parent = owner.kind === 'ReplicaSet' ? inNamespace(snapshot.replicaSets, owner.name) : owner.kind === 'Job' ? inNamespace(snapshot.jobs, owner.name) : undefined;
    for (const grand of parent?.metadata?.ownerReferences ?? []) refs.push({ kind: grand.kind, namespace, name: grand.name });
  }
  const claimNames = new Set<string>(finding.kind === 'PersistentVolumeClaim' ? [finding.name] : []);
  for (const volume of pod?.spec?.volumes ?? []) {
    if (volume.persistentVolumeClaim) claimNames.add(volume.persistentVolumeClaim.claimName);
  }
  const nodeNames = new Set<string>(finding.kind === 'Node' ? [finding.name] : []);
  if (pod?.spec?.nodeName) nodeNames.add(pod.spec.nodeName);
  for (const ref of finding.related) {
    if (ref.kind === 'PersistentVolumeClaim') claimNames.add(ref.name);
    else if (ref.kind === 'Node') nodeNames.add(ref.name);
    refs.push(ref);
  }
  for (const name of claimNames) refs.push({ kind: 'PersistentVolumeClaim', namespace, name });
  for (const name of nodeNames) refs.push({ kind: 'Node', namespace: '', name });

  const sections: EvidenceSection[] = [];
  // Every line is cut here, where logs, events and messages enter: nothing later sees more.
  const add = (title: string, lines: string[], priority: number, trim?: 'middle') => {
    if (lines.length > 0) sections.push({ title, lines: lines.map((line) => capLine(line)), priority, ...(trim ? { trim } : {}) });
  };

  if (pod) {
    const statuses = statusesOf(pod, finding.containers);
    add(
      `Pod ${pod.metadata?.name ?? ''}`,
      [...describePodStatus(pod), ...statuses.flatMap((status) => describeContainerState(status, now))],
      PRIORITY.pod,
    );
  }
  if (NODE.includes(finding.category)) {
    const nodes = snapshot.nodes.filter((node) => nodeNames.has(node.metadata?.name ?? ''));
    add('Node conditions', nodes.flatMap((node) => describeNodeConditions(node, now)), PRIORITY.nodeConditions);
  }
  add('Events (pod, owners, PVCs, node)', formatEvents(eventsAbout(snapshot.events, refs), now), PRIORITY.events);

  const tailLines = options.logTailLines ?? 50;
  // LOG_TAIL_LINES=0 means no logs at all: nothing is read, so nothing can leave.
  if (pod && options.logs && tailLines > 0) {
    const candidates = statusesOf(pod, finding.containers)
      .filter((status) => finding.containers.length === 0 || finding.containers.includes(status.name))
      .slice(0, MAX_LOGGED_CONTAINERS);
    for (const status of candidates) {
      const request = logRequestFor(status);
      if (!request) continue;
      const podName = pod.metadata?.name ?? '';
      let text: string;
      try {
        text = await options.logs.readLog({ namespace, pod: podName, container: status.name, previous: request.previous, tailLines, limitBytes: LOG_LIMIT_BYTES });
      } catch (error) {
        text = `(log unavailable: ${error instanceof Error ? error.message : String(error)})`;
      }
      // trimEnd, not /\s+$/: the regex is quadratic on a log of spaces.
      const lines = text.trimEnd().split('\n').slice(-tailLines);
      if (lines.length === 1 && lines[0] === '') continue;
      const title = `${request.previous ? 'Previous log' : 'Log'} of container "${status.name}" (last ${lines.length} lines)`;
      add(title, lines, PRIORITY.logs, 'middle');
    }
  }

  const claims = [...claimNames].map((name) => inNamespace(snapshot.persistentVolumeClaims, name)).filter((c) => c !== undefined);
  if (STORAGE.includes(finding.category) || claims.some((claim) => claim.status?.phase !== 'Bound')) {
    add('Storage', claims.flatMap((claim) => describeStorage(claim, snapshot)), PRIORITY.storage);
  }
  if (SCHEDULING.includes(finding.category) || (pod?.status?.phase === 'Pending' && !pod.spec?.nodeName)) {
    const lines = snapshot.nodes.slice(0, MAX_NODES).map(describeNodeCapacity);
    if (snapshot.nodes.length > MAX_NODES) lines.push(`… ${snapshot.nodes.length - MAX_NODES} more nodes`);
    add('Nodes', [...(pod ? describePlacement(pod) : []), ...lines], PRIORITY.nodes);
  }
  if (pod) {
    const failing = finding.containers;
    const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    const shown = failing.length > 0 ? containers.filter((c) => failing.includes(c.name)) : containers;
    const podSecurity = describeSecurityContext(pod.spec?.securityContext);
    add('Container spec', [...shown.flatMap(describeContainerSpec), ...(podSecurity !== '' ? [`pod securityContext: ${podSecurity}`] : [])], PRIORITY.spec);
  } else {
    // The pods are gone (a finished Job, a ReplicaSet that cannot create any): the template says what they ran.
    const template = workloadTemplate(finding, snapshot, workload);
    if (template) add(`Container spec (from the ${template.from} template)`, template.containers.flatMap(describeContainerSpec), PRIORITY.spec);
  }
  if (NODE_SIDE.includes(finding.category)) {
    for (const nodeName of [...nodeNames].slice(0, 2)) {
      add(`Other failing pods on node ${nodeName}`, failingPodsOnNode(snapshot, nodeName, new Set(podNames)), PRIORITY.nodePods);
    }
  }
  add('Workload', describeWorkload(finding, snapshot, workload), PRIORITY.workload);
  add('What changed (last 24 h)', recentChanges(finding, snapshot, now), PRIORITY.changes);
  const others = podNames
    .filter((name) => name !== primaryName)
    .slice(0, MAX_OTHER_PODS)
    .map((name) => inNamespace(snapshot.pods, name))
    .filter((other) => other !== undefined)
    .map((other) => {
      const restarts = (other.status?.containerStatuses ?? []).reduce((sum, s) => sum + s.restartCount, 0);
      const waiting = other.status?.containerStatuses?.find((s) => s.state?.waiting)?.state?.waiting?.reason;
      return `pod ${other.metadata?.name ?? ''}: phase ${other.status?.phase ?? 'Unknown'}, restarts ${restarts}${waiting ? `, ${waiting}` : ''}`;
    });
  add('Other affected pods', others, PRIORITY.otherPods);

  return { sections, clusterShape: clusterShapeOf(snapshot), names: namesOf(finding, sections, pod, claimNames, workload, snapshot) };
}

/** Pods on a node, other than the finding's, that are not ready or restarting: `kube-system/calico-node-x: CrashLoopBackOff, restarts 12`. */
function failingPodsOnNode(snapshot: ClusterSnapshot, nodeName: string, own: ReadonlySet<string>): string[] {
  return snapshot.pods
    .filter((p) => p.spec?.nodeName === nodeName && !own.has(p.metadata?.name ?? ''))
    .filter((p) => p.status?.phase !== 'Succeeded' && (p.status?.containerStatuses ?? []).some((s) => !s.ready || s.restartCount > 0))
    .slice(0, MAX_NODE_PODS)
    .map((p) => {
      const statuses = p.status?.containerStatuses ?? [];
      const waiting = statuses.find((s) => s.state?.waiting)?.state?.waiting?.reason;
      const restarts = statuses.reduce((sum, s) => sum + s.restartCount, 0);
      const owner = p.metadata?.ownerReferences?.[0];
      return `pod ${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}: ${waiting ?? p.status?.phase ?? 'Unknown'}, restarts ${restarts}${owner ? ` (${owner.kind} ${owner.name})` : ''}`;
    });
}

/** The pod template of the finding's Job, CronJob or workload, when its pods are not in the snapshot. */
function workloadTemplate(finding: Finding, snapshot: ClusterSnapshot, workload: ObjectRef | undefined): { from: string; containers: V1Container[] } | undefined {
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(items: readonly T[], name: string | undefined) =>
    name === undefined ? undefined : items.find((item) => item.metadata?.namespace === finding.namespace && item.metadata.name === name);
  const named = (kind: string): string | undefined =>
    finding.kind === kind ? finding.name : workload?.kind === kind ? workload.name : finding.related.find((r) => r.kind === kind)?.name;
  const of = (from: string, spec: { containers?: V1Container[]; initContainers?: V1Container[] } | undefined) =>
    spec === undefined ? undefined : { from, containers: [...(spec.initContainers ?? []), ...(spec.containers ?? [])] };
  const job = find(snapshot.jobs, named('Job'));
  if (job) return of(`Job ${job.metadata?.name ?? ''}`, job.spec?.template.spec);
  const cronJob = find(snapshot.cronJobs, named('CronJob'));
  if (cronJob) return of(`CronJob ${cronJob.metadata?.name ?? ''}`, cronJob.spec?.jobTemplate.spec?.template.spec);
  const rs = find(snapshot.replicaSets, named('ReplicaSet'));
  if (rs) return of(`ReplicaSet ${rs.metadata?.name ?? ''}`, rs.spec?.template?.spec);
  const set = find(snapshot.deployments, named('Deployment')) ?? find(snapshot.statefulSets, named('StatefulSet')) ?? find(snapshot.daemonSets, named('DaemonSet'));
  return set ? of(`${workload?.kind ?? 'workload'} ${set.metadata?.name ?? ''}`, set.spec?.template.spec) : undefined;
}

/** Replica counts and conditions of the owning Deployment, StatefulSet, DaemonSet or Job. */
function describeWorkload(finding: Finding, snapshot: ClusterSnapshot, workload: ObjectRef | undefined): string[] {
  if (!workload) return [];
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(items: readonly T[]) =>
    items.find((item) => item.metadata?.namespace === finding.namespace && item.metadata.name === workload.name);
  const conditions = (list: readonly { type: string; status: string; reason?: string; message?: string }[] | undefined) =>
    (list ?? []).map((c) => `  condition ${c.type}=${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`);
  switch (workload.kind) {
    case 'Deployment': {
      const d = find(snapshot.deployments);
      if (!d) return [];
      const s = d.status;
      return [
        `deployment ${workload.name}: replicas ${d.spec?.replicas ?? 1}, ready ${s?.readyReplicas ?? 0}, available ${s?.availableReplicas ?? 0}, updated ${s?.updatedReplicas ?? 0}`,
        ...conditions(s?.conditions),
      ];
    }
    case 'StatefulSet': {
      const st = find(snapshot.statefulSets);
      return st ? [`statefulset ${workload.name}: replicas ${st.spec?.replicas ?? 1}, ready ${st.status?.readyReplicas ?? 0}`] : [];
    }
    case 'DaemonSet': {
      const ds = find(snapshot.daemonSets);
      return ds
        ? [`daemonset ${workload.name}: desired ${ds.status?.desiredNumberScheduled ?? 0}, ready ${ds.status?.numberReady ?? 0}, unavailable ${ds.status?.numberUnavailable ?? 0}`]
        : [];
    }
    case 'Job': {
      const job = find(snapshot.jobs);
      if (!job) return [];
      return [
        `job ${workload.name}: active ${job.status?.active ?? 0}, succeeded ${job.status?.succeeded ?? 0}, failed ${job.status?.failed ?? 0}, ` +
          `backoffLimit ${job.spec?.backoffLimit ?? 6}, activeDeadlineSeconds ${job.spec?.activeDeadlineSeconds ?? '-'}`,
        ...conditions(job.status?.conditions),
      ];
    }
    default:
      return [];
  }
}

/** The names anonymization replaces; sorted, so the same evidence gets the same placeholders. */
function namesOf(
  finding: Finding,
  sections: readonly EvidenceSection[],
  pod: V1Pod | undefined,
  claimNames: ReadonlySet<string>,
  workload: ObjectRef | undefined,
  snapshot: ClusterSnapshot,
): EvidenceNames {
  // Only the nodes the evidence mentions: a 5,000-node cluster must not make a 5,000-name regex.
  const text = sections.flatMap((s) => s.lines).join('\n');
  const sorted = (values: Iterable<string | undefined>) =>
    [...new Set([...values].filter((v): v is string => typeof v === 'string' && v !== ''))].sort();
  const objectNames = [
    ...finding.pods,
    finding.kind === 'Node' ? undefined : finding.name,
    ...claimNames,
    ...(pod?.metadata?.ownerReferences ?? []).map((owner) => owner.name),
    ...finding.related.filter((ref) => ref.kind !== 'Node' && ref.kind !== 'StorageClass').map((ref) => ref.name),
  ];
  return {
    namespaces: sorted([finding.namespace]),
    pods: sorted(objectNames),
    workloads: sorted([workload && workload.kind !== 'Node' ? workload.name : undefined]),
    nodes: sorted(snapshot.nodes.map((node) => node.metadata?.name).filter((name) => name !== undefined && text.includes(name))),
    images: sorted([...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].map((c) => c.image)),
  };
}
