import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import type { Category } from '../types.js';
import type { Issue } from './Issue.js';
import { containerStateLines } from './podEvidence.js';
import { podIssue } from './podIssue.js';

/** Waiting reasons that are part of a normal start. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

/**
 * The kubelet rejects a pod at admission when the node cannot run it after all (status.reason
 * `OutOfcpu`, `OutOfmemory`, `OutOfpods`, `NodeAffinity`, ...): the scheduler's categories apply.
 */
function admissionCategory(reason: string): Category {
  if (reason.startsWith('OutOf')) return 'InsufficientResources';
  if (reason === 'NodeAffinity' || reason === 'NodeSelectorMismatching' || reason === 'PodToleratesNodeTaints') return 'UnschedulableConstraints';
  return 'Other';
}

/**
 * A pod that failed in a way no other rule names: phase Failed or Unknown (a kubelet admission
 * rejection such as OutOfcpu keeps its scheduling category), or a container waiting for an
 * unfamiliar reason.
 */
export function podPhaseIssue(pod: V1Pod, ctx: AnalysisContext): Issue | undefined {
  const phase = pod.status?.phase;
  const odd = (pod.status?.containerStatuses ?? []).filter((s) => {
    const reason = s.state?.waiting?.reason;
    return reason !== undefined && !STARTING.has(reason) && reason !== 'CrashLoopBackOff';
  });
  if (phase !== 'Failed' && phase !== 'Unknown' && odd.length === 0) return undefined;
  const reason = pod.status?.reason ?? odd[0]?.state?.waiting?.reason ?? phase ?? '';
  const message = pod.status?.message ?? odd[0]?.state?.waiting?.message ?? '';
  return podIssue(pod, ctx, {
    category: admissionCategory(reason),
    containers: odd.map((s) => s.name).sort(),
    rootCause: [`pod ${pod.metadata?.name ?? ''}: phase ${phase ?? 'Unknown'} (${reason})${message === '' ? '' : `: ${message}`}`, ...containerStateLines(pod)],
    detail: reason,
  });
}
