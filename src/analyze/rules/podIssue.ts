import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import type { Category, ObjectRef } from '../types.js';
import type { Issue } from './Issue.js';
import { podEvidence } from './podEvidence.js';

/** A pod's reference. */
export function podRef(pod: V1Pod): ObjectRef {
  return { kind: 'Pod', namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' };
}

/** An issue about one pod, with the pod's usual evidence after the root cause. */
export function podIssue(
  pod: V1Pod,
  ctx: AnalysisContext,
  fields: {
    category: Category;
    containers: string[];
    rootCause: string[];
    detail: string;
    subject?: ObjectRef;
    evidence?: string[];
    related?: ObjectRef[];
  },
): Issue {
  const subject = fields.subject ?? podRef(pod);
  return {
    category: fields.category,
    subject,
    workload: ctx.workloads.ofPod(pod),
    pods: [pod.metadata?.name ?? ''],
    containers: fields.containers,
    rootCause: fields.rootCause,
    evidence: [...(fields.evidence ?? []), ...podEvidence(pod, ctx)],
    related: fields.related ?? (subject.kind === 'Pod' ? [] : [podRef(pod)]),
    detail: fields.detail,
  };
}
