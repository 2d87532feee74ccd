import type { V1ObjectMeta } from '@kubernetes/client-node';
import picomatch from 'picomatch';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import type { RouteRule } from './parseRouteRules.js';

/** The annotation on a workload or namespace that names whom to mention. */
export const NOTIFY_ANNOTATION = 'kube-diagnose-bot/notify';

/** Where an incident goes and whom it mentions. */
export interface Route {
  channel: string;
  /** Mentions of a user or a user group, in Slack syntax: `<@U1>`, `<!subteam^S1>`. */
  mentions: string[];
  /** User-group handles (`payments` from `@payments`) still to resolve to `<!subteam^S…>`. */
  names: string[];
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
    .map(parseOwner);
  const mentions = owners.flatMap((o) => (o?.type === 'mention' ? [o.value] : []));
  const names = owners.flatMap((o) => (o?.type === 'name' ? [o.value] : []));
  return { channel: rule?.channel ?? options.defaultChannel, mentions: [...new Set(mentions)], names: [...new Set(names)] };
}

/** Names that would ping everyone: never a mention, whoever wrote the annotation. */
const BROADCAST_NAMES = new Set(['channel', 'here', 'everyone', 'group']);

/**
 * One owner of the notify annotation: a user id (`U…`, `W…`, `<@U…>`), a user-group id (`S…`,
 * `<!subteam^S…>`), or a user-group handle (`@payments`, `payments`) to resolve. Anything else
 * (`<!channel>`, `@here`, a link) is dropped: the annotation is written by whoever can edit the
 * workload, not by the channel's owners.
 */
function parseOwner(owner: string): { type: 'mention' | 'name'; value: string } | undefined {
  const group = /^(?:<!subteam\^)?(S[A-Z0-9]{6,})(?:\|[^>]*)?>?$/.exec(owner);
  if (group !== null && (owner.startsWith('<') === owner.endsWith('>'))) return { type: 'mention', value: `<!subteam^${group[1]}>` };
  const user = /^(?:<@)?([UW][A-Z0-9]{6,})(?:\|[^>]*)?>?$/.exec(owner);
  if (user !== null && (owner.startsWith('<') === owner.endsWith('>'))) return { type: 'mention', value: `<@${user[1]}>` };
  const name = /^@?([a-z0-9][a-z0-9._-]*)$/i.exec(owner)?.[1];
  if (name !== undefined && !BROADCAST_NAMES.has(name.toLowerCase())) return { type: 'name', value: name };
  return undefined;
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
