import type { V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import type { Category, Finding } from '../analyze/types.js';
import { toTime } from '../analyze/toTime.js';

/** When a finding is worth waking someone: every threshold is a setting. */
export interface DetectionThresholds {
  /** Image pull, container config and setup errors of a younger pod are not failures yet (`STARTUP_GRACE_SECONDS`). */
  startupGraceMs: number;
  /** A crash loop counts from this many restarts (`CRASHLOOP_MIN_RESTARTS`). */
  crashLoopMinRestarts: number;
  /** An unschedulable pod or a pending PVC counts after this long (`PENDING_THRESHOLD_SECONDS`). */
  pendingMs: number;
}

export const DEFAULT_THRESHOLDS: DetectionThresholds = { startupGraceMs: 60_000, crashLoopMinRestarts: 2, pendingMs: 60_000 };

/** Failures that a pod which is merely starting shows for a while and then often outgrows. */
const STARTUP: ReadonlySet<Category> = new Set([
  'ImagePullBackOff', 'ImagePullAuth', 'CreateContainerConfigError', 'CreateContainerError',
  'VolumeMountFailure', 'SandboxCreationFailure', 'ReadinessProbeFailure',
]);
const RESTARTING: ReadonlySet<Category> = new Set(['CrashLoopBackOff', 'LivenessProbeFailure', 'StartupProbeFailure', 'InitContainerFailure']);
const UNSCHEDULABLE: ReadonlySet<Category> = new Set(['InsufficientResources', 'UnschedulableConstraints']);

/** The objects of the finding's namespace that the grace rules look at. */
export interface GraceView {
  pods: readonly V1Pod[];
  persistentVolumeClaims: readonly V1PersistentVolumeClaim[];
}

function maxRestarts(pod: V1Pod, containers: readonly string[]): number {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  return Math.max(0, ...statuses.filter((s) => containers.length === 0 || containers.includes(s.name)).map((s) => s.restartCount));
}

function pendingSince(pod: V1Pod): number {
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return toTime(scheduled?.lastTransitionTime) || toTime(pod.metadata?.creationTimestamp);
}

/**
 * True when a finding has lasted long enough to report: no false alarms while pods start. A
 * finding that is not yet past its grace period is re-checked later by the watcher.
 */
export function isPastGracePeriod(finding: Finding, view: GraceView, nowMs: number, t: DetectionThresholds): boolean {
  const pods = view.pods.filter((pod) => finding.pods.includes(pod.metadata?.name ?? ''));
  if (STARTUP.has(finding.category)) {
    return pods.length === 0 || pods.some((pod) => nowMs - toTime(pod.metadata?.creationTimestamp) >= t.startupGraceMs);
  }
  if (RESTARTING.has(finding.category)) {
    // restartPolicy Never: the first failure is final, there will be no second restart.
    return pods.length === 0 || pods.some((pod) => pod.spec?.restartPolicy === 'Never' || maxRestarts(pod, finding.containers) >= t.crashLoopMinRestarts);
  }
  if (UNSCHEDULABLE.has(finding.category)) {
    return pods.length === 0 || pods.some((pod) => nowMs - pendingSince(pod) >= t.pendingMs);
  }
  if (finding.category === 'PVCUnbound') {
    const names = new Set([
      ...(finding.kind === 'PersistentVolumeClaim' ? [finding.name] : []),
      ...finding.related.filter((r) => r.kind === 'PersistentVolumeClaim').map((r) => r.name),
    ]);
    const claims = view.persistentVolumeClaims.filter((c) => names.has(c.metadata?.name ?? ''));
    const since = [...claims.map((c) => toTime(c.metadata?.creationTimestamp)), ...pods.map(pendingSince)];
    return since.length === 0 || since.some((ms) => nowMs - ms >= t.pendingMs);
  }
  return true;
}
