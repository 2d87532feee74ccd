import type { V1Pod } from '@kubernetes/client-node';
import type { DetectionThresholds } from './detectionThresholds.js';
import { notReadySince } from './podReadiness.js';
import { toTime } from './toTime.js';
import type { Category, ClusterSnapshot, Finding } from './types.js';

/** Failures that a pod which is merely starting shows for a while and then often outgrows. */
const STARTUP: ReadonlySet<Category> = new Set([
  'ImagePullBackOff', 'ImagePullAuth', 'CreateContainerConfigError', 'CreateContainerError',
  'VolumeMountFailure', 'SandboxCreationFailure', 'ReadinessProbeFailure',
]);
const RESTARTING: ReadonlySet<Category> = new Set(['CrashLoopBackOff', 'LivenessProbeFailure', 'StartupProbeFailure', 'InitContainerFailure']);
const UNSCHEDULABLE: ReadonlySet<Category> = new Set(['InsufficientResources', 'UnschedulableConstraints']);

/** The objects the grace rules look at: a watcher's namespace view or a whole snapshot. */
export type GraceView = Pick<ClusterSnapshot, 'pods' | 'persistentVolumeClaims' | 'services' | 'ingresses' | 'horizontalPodAutoscalers' | 'podDisruptionBudgets'>;

function maxRestarts(pod: V1Pod, containers: readonly string[]): number {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  return Math.max(0, ...statuses.filter((s) => containers.length === 0 || containers.includes(s.name)).map((s) => s.restartCount));
}

function pendingSince(pod: V1Pod): number {
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return toTime(scheduled?.lastTransitionTime) || toTime(pod.metadata?.creationTimestamp);
}

type Named = { metadata?: { namespace?: string; name?: string; creationTimestamp?: Date } };

/** The finding's own object (a Service, an HPA...) in the view. */
function subjectOf<T extends Named>(finding: Finding, items: readonly T[]): T | undefined {
  return items.find((o) => o.metadata?.name === finding.name && (o.metadata.namespace ?? '') === finding.namespace);
}

/** Older than `ms`; an object without a timestamp (a hand-written dump) is old, not brand new. */
function lasted(sinceMs: number, nowMs: number, ms: number): boolean {
  return nowMs - sinceMs >= ms;
}

/**
 * True when a finding has lasted long enough to report: no false alarms while pods start, a
 * Service is created before its pods, or an autoscaler waits for its first metrics. The watcher
 * re-checks a finding that is not yet past its grace period; `analyze` leaves it out.
 */
export function isPastGracePeriod(finding: Finding, view: GraceView, nowMs: number, t: DetectionThresholds): boolean {
  const pods = view.pods.filter((pod) => finding.pods.includes(pod.metadata?.name ?? '') && (pod.metadata?.namespace ?? '') === finding.namespace);
  if (STARTUP.has(finding.category)) {
    return pods.length === 0 || pods.some((pod) => lasted(toTime(pod.metadata?.creationTimestamp), nowMs, t.startupGraceMs));
  }
  if (RESTARTING.has(finding.category)) {
    // restartPolicy Never: the first failure is final, there will be no second restart.
    return pods.length === 0 || pods.some((pod) => pod.spec?.restartPolicy === 'Never' || maxRestarts(pod, finding.containers) >= t.crashLoopMinRestarts);
  }
  if (UNSCHEDULABLE.has(finding.category)) {
    return pods.length === 0 || pods.some((pod) => lasted(pendingSince(pod), nowMs, t.pendingMs));
  }
  switch (finding.category) {
    case 'PVCUnbound': {
      const names = new Set([
        ...(finding.kind === 'PersistentVolumeClaim' ? [finding.name] : []),
        ...finding.related.filter((r) => r.kind === 'PersistentVolumeClaim').map((r) => r.name),
      ]);
      const claims = view.persistentVolumeClaims.filter((c) => names.has(c.metadata?.name ?? ''));
      const since = [...claims.map((c) => toTime(c.metadata?.creationTimestamp)), ...pods.map(pendingSince)];
      return since.length === 0 || since.some((ms) => lasted(ms, nowMs, t.pendingMs));
    }
    case 'ServiceNoEndpoints': {
      // A Service applied with its Deployment has no endpoint for the seconds its pods take to start.
      const service = subjectOf(finding, view.services);
      return lasted(toTime(service?.metadata?.creationTimestamp), nowMs, t.pendingMs) && pods.every((pod) => lasted(notReadySince(pod), nowMs, t.pendingMs));
    }
    case 'IngressMisconfigured':
      return lasted(toTime(subjectOf(finding, view.ingresses)?.metadata?.creationTimestamp), nowMs, t.startupGraceMs);
    case 'AutoscalerFailing': {
      // A new HPA (or new pods) has no metrics for its first scrape interval.
      const hpa = subjectOf(finding, view.horizontalPodAutoscalers);
      const failing = hpa?.status?.conditions?.find((c) => c.status === 'False' && (c.type === 'ScalingActive' || c.type === 'AbleToScale'));
      return lasted(toTime(failing?.lastTransitionTime) || toTime(hpa?.metadata?.creationTimestamp), nowMs, t.pendingMs);
    }
    case 'RolloutStuck':
      // A Deployment's own progress deadline has already waited; a set's rollout waits on its pods.
      return finding.kind === 'Deployment' || pods.length === 0 || pods.some((pod) => lasted(notReadySince(pod), nowMs, t.pendingMs));
    case 'DisruptionBlocked': {
      const pdb = subjectOf(finding, view.podDisruptionBudgets);
      const blocked = pdb?.status?.conditions?.find((c) => c.type === 'DisruptionAllowed' && c.status === 'False');
      return lasted(toTime(blocked?.lastTransitionTime) || toTime(pdb?.metadata?.creationTimestamp), nowMs, t.pendingMs);
    }
    default:
      return true;
  }
}
