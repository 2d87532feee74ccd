import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatSelector, matchesSelector } from '../matchLabels.js';
import { isPodReady } from '../podReadiness.js';
import { indexIssuesByPod, mention, type Issue } from './Issue.js';
import { causesOfPods } from './serviceBackends.js';

/**
 * PodDisruptionBudgets that allow no disruption, so `kubectl drain` and node upgrades hang:
 * while their pods are unhealthy (the pods' own finding is the root cause and names the budget),
 * or while a node holding their pods is cordoned (a drain in progress is blocked).
 */
export function pdbIssues(ctx: AnalysisContext, found: readonly Issue[]): Issue[] {
  const byPod = indexIssuesByPod(found);
  const cordoned = new Set(ctx.snapshot.nodes.filter((n) => n.spec?.unschedulable === true).map((n) => n.metadata?.name ?? ''));
  const issues: Issue[] = [];
  for (const pdb of ctx.snapshot.podDisruptionBudgets) {
    const s = pdb.status;
    if (s === undefined || s.disruptionsAllowed > 0 || s.expectedPods === 0) continue;
    const ns = pdb.metadata?.namespace ?? '';
    const name = pdb.metadata?.name ?? '';
    const pods = ctx.podsInNamespace(ns).filter((p) => matchesSelector(pdb.spec?.selector, p.metadata?.labels));
    const unhealthy = s.currentHealthy < s.desiredHealthy;
    const draining = pods.filter((p) => cordoned.has(p.spec?.nodeName ?? ''));
    if (!unhealthy && draining.length === 0) continue;
    const ref = { kind: 'PodDisruptionBudget', namespace: ns, name };
    const budget = pdb.spec?.minAvailable !== undefined ? `minAvailable ${String(pdb.spec.minAvailable)}` : `maxUnavailable ${String(pdb.spec?.maxUnavailable ?? '?')}`;
    const headline = `PodDisruptionBudget ${name}: 0 disruptions allowed (${budget}; healthy ${s.currentHealthy} of ${s.expectedPods}, desired ${s.desiredHealthy})`;
    const causes = causesOfPods(pods.filter((p) => !isPodReady(p)), byPod);
    if (causes.length > 0) {
      for (const cause of causes) mention(cause, headline, ref, `PodDisruptionBudget ${name} blocks drains`);
      continue;
    }
    const blocked = [...new Set(draining.map((p) => p.spec?.nodeName ?? ''))];
    const condition = s.conditions?.find((c) => c.type === 'DisruptionAllowed');
    issues.push({
      category: 'DisruptionBlocked',
      subject: ref,
      workload: `PodDisruptionBudget/${name}`,
      pods: pods.map((p) => p.metadata?.name ?? ''),
      containers: [],
      rootCause: [
        headline,
        ...(blocked.length > 0 ? [`cordoned node${blocked.length === 1 ? '' : 's'} ${blocked.join(', ')} cannot be drained: ${draining.map((p) => p.metadata?.name ?? '').join(', ')} may not be evicted`] : []),
      ],
      evidence: [
        `PodDisruptionBudget ${name}: selector ${formatSelector(pdb.spec?.selector) || '(none)'}`,
        ...(condition !== undefined ? [`condition DisruptionAllowed=${condition.status} (${condition.reason ?? ''})${condition.message ? `: ${condition.message}` : ''}`] : []),
        ...pods.filter((p) => !isPodReady(p)).slice(0, 3).map((p) => `pod ${p.metadata?.name ?? ''}: phase ${p.status?.phase ?? 'Unknown'}, not ready`),
      ],
      related: blocked.map((node) => ({ kind: 'Node', namespace: '', name: node })),
      detail: blocked.length > 0 ? `blocks draining ${blocked.join(', ')}` : `${s.currentHealthy} of ${s.desiredHealthy} required pods healthy`,
    });
  }
  return issues;
}
