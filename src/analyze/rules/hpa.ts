import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import { toTime } from '../toTime.js';
import type { Issue } from './Issue.js';

/** The HPA controller's warnings when it cannot compute or apply a replica count. */
const FAILURE_EVENTS = new Set([
  'FailedGetResourceMetric',
  'FailedGetPodsMetric',
  'FailedGetObjectMetric',
  'FailedGetExternalMetric',
  'FailedGetContainerResourceMetric',
  'FailedComputeMetricsReplicas',
  'FailedGetScale',
  'FailedRescale',
  'FailedUpdateStatus',
  'InvalidSelector',
  'AmbiguousSelector',
  'InvalidMetricSourceType',
]);

/** Pinned at maxReplicas for this long with demand above it: capacity planning, not a blip. */
export const HPA_PINNED_MS = 30 * 60 * 1000;

/**
 * HorizontalPodAutoscalers that cannot scale: ScalingActive=False or AbleToScale=False (metrics
 * unavailable, target missing), read with the controller's warnings; or pinned at maxReplicas
 * (ScalingLimited TooManyReplicas) for `HPA_PINNED_MS`, which is medium.
 */
export function hpaIssues(ctx: AnalysisContext): Issue[] {
  const issues: Issue[] = [];
  for (const hpa of ctx.snapshot.horizontalPodAutoscalers) {
    const ns = hpa.metadata?.namespace ?? '';
    const name = hpa.metadata?.name ?? '';
    const conditions = hpa.status?.conditions ?? [];
    const broken = conditions.filter((c) => (c.type === 'ScalingActive' || c.type === 'AbleToScale') && c.status === 'False');
    const limited = conditions.find((c) => c.type === 'ScalingLimited' && c.status === 'True' && c.reason === 'TooManyReplicas');
    const max = hpa.spec?.maxReplicas ?? 0;
    const current = hpa.status?.currentReplicas ?? 0;
    const pinned = broken.length === 0 && limited !== undefined && current >= max && ctx.now - toTime(limited.lastTransitionTime) >= HPA_PINNED_MS;
    if (broken.length === 0 && !pinned) continue;
    const target = hpa.spec?.scaleTargetRef;
    const targetName = target !== undefined ? `${target.kind}/${target.name}` : 'its target';
    const conditionLines = (pinned && limited !== undefined ? [limited] : broken).map(
      (c) => `HorizontalPodAutoscaler ${name}: condition ${c.type}=${c.status} (${c.reason ?? ''}): ${c.message ?? ''}`,
    );
    const events = ctx.events.about('HorizontalPodAutoscaler', ns, name, hpa.metadata?.uid).filter((e) => FAILURE_EVENTS.has(e.reason ?? ''));
    const metrics = (hpa.spec?.metrics ?? []).map((m) => {
      const source = m.resource ?? m.containerResource;
      const what = source !== undefined ? `${m.type} ${source.name}` : `${m.type} ${m.pods?.metric.name ?? m.object?.metric.name ?? m.external?.metric.name ?? ''}`;
      const goal = source?.target.averageUtilization !== undefined ? ` target ${source.target.averageUtilization}%` : '';
      return `${what}${goal}`;
    });
    issues.push({
      category: 'AutoscalerFailing',
      subject: { kind: 'HorizontalPodAutoscaler', namespace: ns, name },
      workload: target !== undefined ? `${target.kind}/${target.name}` : `HorizontalPodAutoscaler/${name}`,
      pods: [],
      containers: [],
      rootCause: [...conditionLines, ...[...new Set(events.map(formatEvent))].slice(0, 2)],
      evidence: [
        `HorizontalPodAutoscaler ${name} → ${targetName}: replicas ${current} (desired ${hpa.status?.desiredReplicas ?? 0}), min ${hpa.spec?.minReplicas ?? 1}, max ${max}${metrics.length > 0 ? `; metrics: ${metrics.join(', ')}` : ''}`,
      ],
      related: [],
      detail: pinned ? `pinned at maxReplicas ${max} with demand above it` : (broken[0]?.reason ?? 'cannot scale'),
      ...(pinned ? { severity: 'medium' as const } : {}),
    });
  }
  return issues;
}
