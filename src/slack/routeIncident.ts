import type { V1ObjectMeta } from '@kubernetes/client-node';
import picomatch from 'picomatch';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import type { RouteRule } from './parseRouteRules.js';

/** The annotation on a workload or namespace that names whom to mention. */
export const NOTIFY_ANNOTATION = 'kube-diagnose-bot/notify';

/** Where an incident goes and whom it mentions. */
export interface Route {
  channel: string;
  /** Slack mention syntax: `<!subteam^S1>`, `<@U1>`, or `@handle` (posted with link_names). */
  mentions: string[];
}

/**
 * Picks the channel (first matching rule, else `defaultChannel`) and the owners to mention (the
 * notify annotation of the workload, then of its namespace). Labels are the workload's and the
 * namespace's. Without a snapshot only namespace rules can match.
 */
export function routeIncident(finding: Finding, snapshot: ClusterSnapshot | undefined, options: { defaultChannel: string; rules: readonly RouteRule[] }): Route {
  const workload = snapshot === undefined ? undefined : workloadMeta(finding, snapshot);
  const namespace = snapshot?.namespaces.find((n) => n.metadata?.name === finding.namespace)?.metadata;
  const labels = { ...namespace?.labels, ...workload?.labels };
  const rule = options.rules.find((r) =>
    r.type === 'namespace' ? finding.namespace !== '' && picomatch.isMatch(finding.namespace, r.glob) : labels[r.key] === r.value,
  );
  const owners = [workload?.annotations?.[NOTIFY_ANNOTATION], namespace?.annotations?.[NOTIFY_ANNOTATION]]
    .flatMap((value) => (value ?? '').split(/[\s,]+/))
    .filter((v) => v !== '')
    .map(toMention);
  return { channel: rule?.channel ?? options.defaultChannel, mentions: [...new Set(owners)] };
}

/** `S…` → a user-group mention, `U…`/`W…` → a user mention, `<…>` and `@handle` as written. */
function toMention(owner: string): string {
  if (/^S[A-Z0-9]{6,}$/.test(owner)) return `<!subteam^${owner}>`;
  if (/^[UW][A-Z0-9]{6,}$/.test(owner)) return `<@${owner}>`;
  if (owner.startsWith('<') || owner.startsWith('@')) return owner;
  return `@${owner}`;
}

/** The metadata of the finding's workload (`Deployment/web`) in the snapshot. */
function workloadMeta(finding: Finding, snapshot: ClusterSnapshot): V1ObjectMeta | undefined {
  const slash = finding.workload.indexOf('/');
  const kind = finding.workload.slice(0, slash);
  const name = finding.workload.slice(slash + 1);
  const lists: Record<string, { metadata?: V1ObjectMeta }[]> = {
    Deployment: snapshot.deployments,
    StatefulSet: snapshot.statefulSets,
    DaemonSet: snapshot.daemonSets,
    Job: snapshot.jobs,
    Pod: snapshot.pods,
    PersistentVolumeClaim: snapshot.persistentVolumeClaims,
    Node: snapshot.nodes,
  };
  return lists[kind]?.find((o) => o.metadata?.name === name && (kind === 'Node' || o.metadata.namespace === finding.namespace))?.metadata;
}
