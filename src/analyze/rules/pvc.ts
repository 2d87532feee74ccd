import type { AnalysisContext } from '../createAnalysisContext.js';
import { claimDetail, claimFailureLines, describeClaim, isUnbound } from './describeClaim.js';
import type { Issue } from './Issue.js';

/**
 * Unbound claims that no pod in the snapshot mounts (a mounting pod reports the claim itself,
 * see schedulingIssue). A Pending claim counts only with a binding failure or when Lost: a
 * WaitForFirstConsumer claim is Pending by design until a pod uses it.
 */
export function pvcIssues(ctx: AnalysisContext): Issue[] {
  const issues: Issue[] = [];
  for (const pvc of ctx.snapshot.persistentVolumeClaims) {
    const ns = pvc.metadata?.namespace ?? '';
    const name = pvc.metadata?.name ?? '';
    if (!isUnbound(pvc) || ctx.podsUsingClaim(ns, name).length > 0) continue;
    const failures = claimFailureLines(pvc, ctx);
    if (failures.length === 0 && pvc.status?.phase !== 'Lost') continue;
    const cls = pvc.spec?.storageClassName;
    issues.push({
      category: 'PVCUnbound',
      subject: { kind: 'PersistentVolumeClaim', namespace: ns, name },
      workload: `PersistentVolumeClaim/${name}`,
      pods: [],
      containers: [],
      rootCause: failures.length > 0 ? failures : [describeClaim(pvc)],
      evidence: [describeClaim(pvc)],
      related: cls !== undefined && cls !== '' ? [{ kind: 'StorageClass', namespace: '', name: cls }] : [],
      detail: claimDetail(pvc),
    });
  }
  return issues;
}
