import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import { isPodReady } from '../podReadiness.js';
import { mention, type Issue } from './Issue.js';
import { containerStateLines } from './podEvidence.js';

const MAX_PODS = 3;

interface Stuck {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  uid: string | undefined;
  /** The condition or counts that say the rollout stopped. */
  lines: string[];
  /** Pods of the new revision that are not ready. */
  pods: V1Pod[];
  detail: string;
}

function revisionOf(meta: { annotations?: Record<string, string> } | undefined): number {
  return Number(meta?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
}

function stuckDeployments(ctx: AnalysisContext): Stuck[] {
  const out: Stuck[] = [];
  for (const d of ctx.snapshot.deployments) {
    const progressing = d.status?.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.status !== 'False') continue;
    const ns = d.metadata?.namespace ?? '';
    const name = d.metadata?.name ?? '';
    const sets = ctx.snapshot.replicaSets.filter((rs) => rs.metadata?.namespace === ns && rs.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === name));
    const newest = sets.sort((a, b) => revisionOf(b.metadata) - revisionOf(a.metadata))[0];
    const hash = newest?.metadata?.labels?.['pod-template-hash'];
    const pods = hash === undefined ? [] : ctx.podsInNamespace(ns).filter((p) => p.metadata?.labels?.['pod-template-hash'] === hash && !isPodReady(p));
    const s = d.status;
    out.push({
      kind: 'Deployment',
      namespace: ns,
      name,
      uid: d.metadata?.uid,
      lines: [
        `Deployment ${name}: condition Progressing=False (${progressing.reason ?? ''}): ${progressing.message ?? ''}`,
        `Deployment ${name}: replicas ${d.spec?.replicas ?? 1}, updated ${s?.updatedReplicas ?? 0}, ready ${s?.readyReplicas ?? 0}, available ${s?.availableReplicas ?? 0}, unavailable ${s?.unavailableReplicas ?? 0}`,
        ...(newest !== undefined ? [`new ReplicaSet ${newest.metadata?.name ?? ''} (revision ${revisionOf(newest.metadata)}): ready ${newest.status?.readyReplicas ?? 0} of ${newest.spec?.replicas ?? 0}`] : []),
      ],
      pods,
      detail: progressing.reason ?? 'not progressing',
    });
  }
  return out;
}

/** The pods a StatefulSet or DaemonSet owns directly that are not ready. */
function notReadyPodsOf(ctx: AnalysisContext, namespace: string, kind: 'StatefulSet' | 'DaemonSet', name: string): V1Pod[] {
  return ctx.podsInNamespace(namespace).filter((p) => p.metadata?.ownerReferences?.some((o) => o.kind === kind && o.name === name) === true && !isPodReady(p));
}

/** A StatefulSet or DaemonSet rollout that has pods of the new revision not ready. */
function stuckSets(ctx: AnalysisContext): Stuck[] {
  const out: Stuck[] = [];
  for (const sts of ctx.snapshot.statefulSets) {
    const s = sts.status;
    if (s?.updateRevision === undefined || s.updateRevision === s.currentRevision) continue;
    const ns = sts.metadata?.namespace ?? '';
    const name = sts.metadata?.name ?? '';
    const pods = notReadyPodsOf(ctx, ns, 'StatefulSet', name);
    if (pods.length === 0) continue;
    out.push({
      kind: 'StatefulSet',
      namespace: ns,
      name,
      uid: sts.metadata?.uid,
      lines: [
        `StatefulSet ${name}: rollout to ${s.updateRevision} stopped: updated ${s.updatedReplicas ?? 0} of ${sts.spec?.replicas ?? 1}, ready ${s.readyReplicas ?? 0}; current revision ${s.currentRevision ?? '?'}`,
      ],
      pods,
      detail: `${s.updatedReplicas ?? 0} of ${sts.spec?.replicas ?? 1} updated`,
    });
  }
  for (const ds of ctx.snapshot.daemonSets) {
    const s = ds.status;
    if (s === undefined || (s.updatedNumberScheduled ?? 0) >= s.desiredNumberScheduled || (s.numberUnavailable ?? 0) === 0) continue;
    const ns = ds.metadata?.namespace ?? '';
    const name = ds.metadata?.name ?? '';
    const pods = notReadyPodsOf(ctx, ns, 'DaemonSet', name);
    if (pods.length === 0) continue;
    out.push({
      kind: 'DaemonSet',
      namespace: ns,
      name,
      uid: ds.metadata?.uid,
      lines: [
        `DaemonSet ${name}: rollout stopped: updated ${s.updatedNumberScheduled ?? 0} of ${s.desiredNumberScheduled}, unavailable ${s.numberUnavailable ?? 0}`,
      ],
      pods,
      detail: `${s.updatedNumberScheduled ?? 0} of ${s.desiredNumberScheduled} updated`,
    });
  }
  return out;
}

/**
 * Rollouts that stopped: a Deployment with Progressing=False (ProgressDeadlineExceeded), a
 * StatefulSet or DaemonSet whose new revision has pods that are not ready. When the workload has
 * a finding of its own (its new pods crash, its ReplicaSet cannot create pods), that is the root
 * cause and it says the rollout is stuck; the rollout is reported once either way.
 */
export function rolloutIssues(ctx: AnalysisContext, found: readonly Issue[]): Issue[] {
  const byWorkload = new Map<string, Issue[]>();
  for (const issue of found) {
    const key = `${issue.subject.namespace}/${issue.workload}`;
    byWorkload.set(key, [...(byWorkload.get(key) ?? []), issue]);
  }
  const issues: Issue[] = [];
  for (const stuck of [...stuckDeployments(ctx), ...stuckSets(ctx)]) {
    const workload = `${stuck.kind}/${stuck.name}`;
    const ref = { kind: stuck.kind, namespace: stuck.namespace, name: stuck.name };
    const own = byWorkload.get(`${stuck.namespace}/${workload}`) ?? [];
    if (own.length > 0) {
      for (const issue of own) mention(issue, stuck.lines[0] ?? '', ref, `rollout of ${workload} stuck`);
      continue;
    }
    const events = ctx.events.about(stuck.kind, stuck.namespace, stuck.name, stuck.uid).filter((e) => e.type === 'Warning');
    const shown = stuck.pods.slice(0, MAX_PODS);
    issues.push({
      category: 'RolloutStuck',
      subject: ref,
      workload,
      pods: stuck.pods.map((p) => p.metadata?.name ?? ''),
      containers: [],
      rootCause: [...stuck.lines.slice(0, 1), ...[...new Set(events.map(formatEvent))].slice(0, 2)],
      evidence: [...stuck.lines.slice(1), ...shown.flatMap((p) => [`pod ${p.metadata?.name ?? ''}: phase ${p.status?.phase ?? 'Unknown'}, not ready`, ...containerStateLines(p)])],
      related: [],
      detail: stuck.detail,
    });
  }
  return issues;
}
