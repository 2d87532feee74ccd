import type { V1Container, V1ControllerRevision, V1PodTemplateSpec, V1ReplicaSet, V1Volume } from '@kubernetes/client-node';
import { toTime } from './toTime.js';
import type { ClusterSnapshot } from './types.js';

/** One revision of a workload's pod template and what it changed from the revision before. */
export interface Revision {
  revision: number;
  /** The ReplicaSet (Deployment) or ControllerRevision (StatefulSet, DaemonSet) that holds it. */
  source: { kind: 'ReplicaSet' | 'ControllerRevision'; name: string };
  /** When the revision was created (ms since the epoch), 0 when unknown. */
  createdAt: number;
  /**
   * What differs from the previous revision, one line each: image, env var names (never values),
   * command/args, resources, volumes. Empty for the first revision known.
   */
  changes: string[];
}

/** The workload kinds that keep revisions. */
export type RolloutKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

interface Held {
  revision: number;
  kind: Revision['source']['kind'];
  item: V1ReplicaSet | V1ControllerRevision;
}

function templateOf(held: Held | undefined): V1PodTemplateSpec | undefined {
  if (held === undefined) return undefined;
  if (held.kind === 'ReplicaSet') return (held.item as V1ReplicaSet).spec?.template;
  // A ControllerRevision's data is the strategic-merge patch of the set's spec.template.
  const data = (held.item as V1ControllerRevision).data as { spec?: { template?: V1PodTemplateSpec } } | undefined;
  return data?.spec?.template;
}

const json = (value: unknown): string => JSON.stringify(value ?? null);

function containersByName(template: V1PodTemplateSpec | undefined): Map<string, V1Container> {
  const spec = template?.spec;
  return new Map([...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => [c.name, c]));
}

function quantities(c: V1Container | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of ['requests', 'limits'] as const) {
    for (const [name, value] of Object.entries(c?.resources?.[kind] ?? {})) out.set(`${kind}.${name}`, value);
  }
  return out;
}

function containerChanges(name: string, before: V1Container | undefined, after: V1Container | undefined): string[] {
  if (before === undefined) return [`container ${name} added${after?.image !== undefined ? ` (${after.image})` : ''}`];
  if (after === undefined) return [`container ${name} removed`];
  const out: string[] = [];
  if (before.image !== after.image) out.push(`image ${name}: ${before.image ?? '?'} → ${after.image ?? '?'}`);
  // Names only: a value may be a secret, and the name is what a person looks for.
  const envBefore = new Map((before.env ?? []).map((e) => [e.name, json(e.value ?? e.valueFrom)]));
  const envAfter = new Map((after.env ?? []).map((e) => [e.name, json(e.value ?? e.valueFrom)]));
  const added = [...envAfter.keys()].filter((k) => !envBefore.has(k));
  const removed = [...envBefore.keys()].filter((k) => !envAfter.has(k));
  const changed = [...envAfter.keys()].filter((k) => envBefore.has(k) && envBefore.get(k) !== envAfter.get(k));
  const env = [...added.map((k) => `+${k}`), ...removed.map((k) => `-${k}`), ...changed.map((k) => `~${k}`)];
  if (json(before.envFrom) !== json(after.envFrom)) env.push('envFrom changed');
  if (env.length > 0) out.push(`env ${name}: ${env.join(' ')}`);
  if (json(before.command) !== json(after.command)) out.push(`command ${name}: ${json(before.command)} → ${json(after.command)}`);
  if (json(before.args) !== json(after.args)) out.push(`args ${name}: ${json(before.args)} → ${json(after.args)}`);
  const qBefore = quantities(before);
  const qAfter = quantities(after);
  const resources = [...new Set([...qBefore.keys(), ...qAfter.keys()])]
    .filter((k) => qBefore.get(k) !== qAfter.get(k))
    .map((k) => `${k} ${qBefore.get(k) ?? '-'} → ${qAfter.get(k) ?? '-'}`);
  if (resources.length > 0) out.push(`resources ${name}: ${resources.join(', ')}`);
  const mountsBefore = json(before.volumeMounts);
  if (mountsBefore !== json(after.volumeMounts)) out.push(`volumeMounts ${name} changed`);
  return out;
}

function volumeChanges(before: V1Volume[], after: V1Volume[]): string[] {
  const b = new Map(before.map((v) => [v.name, json({ ...v, name: undefined })]));
  const a = new Map(after.map((v) => [v.name, json({ ...v, name: undefined })]));
  const parts = [
    ...[...a.keys()].filter((k) => !b.has(k)).map((k) => `+${k}`),
    ...[...b.keys()].filter((k) => !a.has(k)).map((k) => `-${k}`),
    ...[...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k)).map((k) => `~${k}`),
  ];
  return parts.length > 0 ? [`volumes: ${parts.join(' ')}`] : [];
}

/** What differs between two pod templates, one short line per change. */
export function diffTemplates(before: V1PodTemplateSpec | undefined, after: V1PodTemplateSpec | undefined): string[] {
  const b = containersByName(before);
  const a = containersByName(after);
  const names = [...new Set([...b.keys(), ...a.keys()])];
  return [
    ...names.flatMap((name) => containerChanges(name, b.get(name), a.get(name))),
    ...volumeChanges(before?.spec?.volumes ?? [], after?.spec?.volumes ?? []),
  ];
}

/**
 * The revisions of a Deployment (its ReplicaSets, `deployment.kubernetes.io/revision`) or of a
 * StatefulSet or DaemonSet (its ControllerRevisions), oldest first, each with what it changed.
 * Pure: the `rollout_history` tool and the analyzer's "what changed" share it.
 */
export function rolloutHistory(
  workload: { kind: RolloutKind; namespace: string; name: string },
  snapshot: Pick<ClusterSnapshot, 'replicaSets' | 'controllerRevisions'>,
): Revision[] {
  const owned = (meta: { namespace?: string; ownerReferences?: { kind: string; name: string }[] } | undefined): boolean =>
    meta?.namespace === workload.namespace && meta.ownerReferences?.some((o) => o.kind === workload.kind && o.name === workload.name) === true;
  const held: Held[] =
    workload.kind === 'Deployment'
      ? snapshot.replicaSets
          .filter((rs) => owned(rs.metadata))
          .map((rs) => ({ revision: Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0), item: rs, kind: 'ReplicaSet' as const }))
      : snapshot.controllerRevisions
          .filter((cr) => owned(cr.metadata))
          .map((cr) => ({ revision: cr.revision, item: cr, kind: 'ControllerRevision' as const }));
  const sorted = held.filter((h) => Number.isFinite(h.revision)).sort((x, y) => x.revision - y.revision);
  return sorted.map((h, i) => ({
    revision: h.revision,
    source: { kind: h.kind, name: h.item.metadata?.name ?? '' },
    createdAt: toTime(h.item.metadata?.creationTimestamp),
    changes: i === 0 ? [] : diffTemplates(templateOf(sorted[i - 1]), templateOf(h)),
  }));
}
