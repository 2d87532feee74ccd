import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { ObjectRef } from '../types.js';
import { claimDetail, claimFailureLines, describeClaim, isUnbound } from './describeClaim.js';
import type { Issue } from './Issue.js';
import { insufficientResources, schedulingCategory } from './messagePatterns.js';
import { podEvents } from './podEvidence.js';
import { podIssue, podRef } from './podIssue.js';

const MISSING_CLAIM = /persistentvolumeclaim "([^"]+)" not found/i;

/** What the pod asks of a node: requests, selector, tolerations, the things a scheduler weighs. */
function placementLines(pod: V1Pod): string[] {
  const lines: string[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const requests = Object.entries(c.resources?.requests ?? {}).map(([k, v]) => `${k} ${v}`);
    if (requests.length > 0) lines.push(`container ${c.name} requests ${requests.join(', ')}`);
  }
  const selector = Object.entries(pod.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`);
  if (selector.length > 0) lines.push(`nodeSelector: ${selector.join(', ')}`);
  if (pod.spec?.affinity?.nodeAffinity !== undefined) lines.push('pod has nodeAffinity rules');
  if (pod.spec?.affinity?.podAntiAffinity !== undefined) lines.push('pod has podAntiAffinity rules');
  if ((pod.spec?.topologySpreadConstraints ?? []).length > 0) lines.push('pod has topologySpreadConstraints');
  return lines;
}

/**
 * A pod the scheduler cannot place, read from its FailedScheduling events (newest first) or its
 * PodScheduled condition: an unbound claim, then insufficient resources, then constraints.
 * The unbound-claim case becomes the PVC's issue, with the pod and the claim in `related`.
 */
export function schedulingIssue(pod: V1Pod, ctx: AnalysisContext): Issue | undefined {
  if (pod.spec?.nodeName !== undefined && pod.spec.nodeName !== '') return undefined;
  if (pod.status?.phase !== undefined && pod.status.phase !== 'Pending') return undefined;
  const failed = podEvents(pod, ctx).filter((e) => e.reason === 'FailedScheduling');
  const condition = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  const ns = pod.metadata?.namespace ?? '';
  const claims = ctx.claimsOfPod(pod);
  const unbound = claims.map((c) => ctx.pvc(ns, c)).filter((c) => c !== undefined && isUnbound(c));
  if (failed.length === 0 && condition === undefined && unbound.length === 0) return undefined;

  const latest = failed[0];
  const message = latest?.message ?? condition?.message ?? '';
  const schedulerLines = latest !== undefined
    ? [...new Set(failed.map(formatEvent))].slice(0, 2)
    : condition !== undefined
      ? [`condition PodScheduled=False (${condition.reason ?? ''}): ${condition.message ?? ''}`]
      : [];

  const category = unbound.length > 0 ? 'PVCUnbound' : schedulingCategory(message);
  if (category === 'PVCUnbound') {
    const missing = MISSING_CLAIM.exec(message)?.[1];
    const claimNames = unbound.length > 0 ? unbound.map((c) => c?.metadata?.name ?? '') : missing !== undefined ? [missing] : claims;
    const first = unbound[0];
    const subject: ObjectRef = { kind: 'PersistentVolumeClaim', namespace: ns, name: claimNames[0] ?? pod.metadata?.name ?? '' };
    const claimRefs = claimNames.map((name): ObjectRef => ({ kind: 'PersistentVolumeClaim', namespace: ns, name }));
    return podIssue(pod, ctx, {
      category: 'PVCUnbound',
      containers: [],
      subject,
      rootCause: [...unbound.flatMap((c) => (c === undefined ? [] : claimFailureLines(c, ctx))), ...schedulerLines],
      evidence: unbound.flatMap((c) => (c === undefined ? [] : [describeClaim(c)])),
      related: [podRef(pod), ...claimRefs],
      detail: first !== undefined ? claimDetail(first) : missing !== undefined ? `claim "${missing}" does not exist` : 'claim not bound',
    });
  }
  const insufficient = insufficientResources(message);
  return podIssue(pod, ctx, {
    category,
    containers: [],
    rootCause: schedulerLines,
    evidence: placementLines(pod),
    detail: insufficient.length > 0 ? insufficient.join(', ') : (message.replace(/\. preemption:.*$/s, '') || 'no node matches'),
  });
}
