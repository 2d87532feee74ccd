import type { V1ObjectMeta, V1Pod } from '@kubernetes/client-node';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import type { DiagnoseKind, ParsedDiagnoseCommand } from '../slack/parseDiagnoseCommand.js';
import { eventLastSeen } from '../analyze/eventLastSeen.js';

/** What `/k8s-diagnose <kind>/<name>` found. */
export type CommandTarget =
  | { status: 'missing'; message: string }
  | { status: 'healthy'; message: string }
  | { status: 'failing'; findings: Finding[] };

const KIND_NAMES: Readonly<Record<DiagnoseKind, string>> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  job: 'Job',
  pod: 'Pod',
  pvc: 'PersistentVolumeClaim',
  node: 'Node',
};

const HOUR_MS = 3_600_000;

/**
 * Finds a command's target in the snapshot and the findings about it (most severe first, as
 * `analyze` sorts them). A target without findings gets a one-line health summary, e.g.
 * "deployment/web in prod: 3/3 ready, no warning events in the last hour".
 */
export function resolveCommandTarget(
  snapshot: ClusterSnapshot,
  findings: readonly Finding[],
  command: Extract<ParsedDiagnoseCommand, { type: 'resource' }>,
  now: number,
): CommandTarget {
  const { kind, name, namespace } = command;
  const label = kind === 'node' ? `node/${name}` : `${kind}/${name} in ${namespace}`;
  const object = findObject(snapshot, kind, name, namespace);
  if (object === undefined) return { status: 'missing', message: kind === 'node' ? `No node ${name} in the cluster.` : `No ${kind} ${name} in namespace ${namespace}.` };

  const pods = podsOf(snapshot, kind, name, namespace);
  const matching = findings.filter((f) => isAbout(f, kind, name, namespace, pods));
  if (matching.length > 0) return { status: 'failing', findings: matching };

  const names = new Set([name, ...pods.map((p) => p.metadata?.name ?? '')]);
  const warnings = snapshot.events.filter(
    (e) => e.type === 'Warning' && names.has(e.involvedObject.name ?? '') && (kind === 'node' || e.involvedObject.namespace === namespace) && now - eventLastSeen(e) <= HOUR_MS,
  );
  const events = warnings.length === 0 ? 'no warning events in the last hour' : `${warnings.length} warning event${warnings.length === 1 ? '' : 's'} in the last hour, none a known failure`;
  return { status: 'healthy', message: `${label}: ${readiness(snapshot, kind, object.name ?? name, namespace, pods)}, ${events}.` };
}

function findObject(snapshot: ClusterSnapshot, kind: DiagnoseKind, name: string, namespace: string): V1ObjectMeta | undefined {
  const lists: Record<DiagnoseKind, { metadata?: V1ObjectMeta }[]> = {
    deployment: snapshot.deployments,
    statefulset: snapshot.statefulSets,
    daemonset: snapshot.daemonSets,
    job: snapshot.jobs,
    pod: snapshot.pods,
    pvc: snapshot.persistentVolumeClaims,
    node: snapshot.nodes,
  };
  return lists[kind].find((o) => o.metadata?.name === name && (kind === 'node' || o.metadata.namespace === namespace))?.metadata;
}

/** The pods a workload owns (Deployments through their ReplicaSets). */
function podsOf(snapshot: ClusterSnapshot, kind: DiagnoseKind, name: string, namespace: string): V1Pod[] {
  const inNs = snapshot.pods.filter((p) => p.metadata?.namespace === namespace);
  if (kind === 'pod') return inNs.filter((p) => p.metadata?.name === name);
  if (kind === 'node') return snapshot.pods.filter((p) => p.spec?.nodeName === name);
  if (kind === 'pvc') return inNs.filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name));
  const owners = new Set([name]);
  if (kind === 'deployment') {
    for (const rs of snapshot.replicaSets) {
      if (rs.metadata?.namespace === namespace && (rs.metadata.ownerReferences ?? []).some((o) => o.kind === 'Deployment' && o.name === name)) owners.add(rs.metadata.name ?? '');
    }
  }
  return inNs.filter((p) => (p.metadata?.ownerReferences ?? []).some((o) => owners.has(o.name)));
}

function isAbout(f: Finding, kind: DiagnoseKind, name: string, namespace: string, pods: V1Pod[]): boolean {
  if (kind === 'node') return f.workload === `Node/${name}` || (f.kind === 'Node' && f.name === name);
  if (f.namespace !== namespace) return false;
  if (f.workload === `${KIND_NAMES[kind]}/${name}` || (f.kind === KIND_NAMES[kind] && f.name === name)) return true;
  if (kind === 'pvc') return f.related.some((r) => r.kind === 'PersistentVolumeClaim' && r.name === name);
  if (kind === 'pod') return f.pods.includes(name);
  const podNames = new Set(pods.map((p) => p.metadata?.name));
  return f.pods.some((p) => podNames.has(p));
}

function readiness(snapshot: ClusterSnapshot, kind: DiagnoseKind, name: string, namespace: string, pods: V1Pod[]): string {
  const find = <T extends { metadata?: V1ObjectMeta }>(list: T[]) => list.find((o) => o.metadata?.name === name && o.metadata.namespace === namespace);
  switch (kind) {
    case 'deployment': {
      const d = find(snapshot.deployments);
      return `${d?.status?.readyReplicas ?? 0}/${d?.spec?.replicas ?? 1} ready`;
    }
    case 'statefulset': {
      const s = find(snapshot.statefulSets);
      return `${s?.status?.readyReplicas ?? 0}/${s?.spec?.replicas ?? 1} ready`;
    }
    case 'daemonset': {
      const d = find(snapshot.daemonSets);
      return `${d?.status?.numberReady ?? 0}/${d?.status?.desiredNumberScheduled ?? 0} ready`;
    }
    case 'job': {
      const j = find(snapshot.jobs);
      return j?.status?.succeeded ? `${j.status.succeeded}/${j.spec?.completions ?? 1} succeeded` : `${j?.status?.active ?? 0} active`;
    }
    case 'pod': {
      const statuses = pods[0]?.status?.containerStatuses ?? [];
      return `${pods[0]?.status?.phase ?? 'Unknown'}, ${statuses.filter((c) => c.ready).length}/${statuses.length} containers ready`;
    }
    case 'pvc':
      return `${find(snapshot.persistentVolumeClaims)?.status?.phase ?? 'Unknown'}`;
    case 'node': {
      const ready = snapshot.nodes.find((n) => n.metadata?.name === name)?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      return `${ready === 'True' ? 'Ready' : 'NotReady'}, ${pods.length} pods`;
    }
  }
}

