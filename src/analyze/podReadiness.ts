import type { V1Pod } from '@kubernetes/client-node';
import { toTime } from './toTime.js';

/** Whether a pod serves traffic: its Ready condition, or (hand-written dumps) every container ready. */
export function isPodReady(pod: V1Pod): boolean {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready !== undefined) return ready.status === 'True';
  const statuses = pod.status?.containerStatuses ?? [];
  return pod.status?.phase === 'Running' && statuses.length > 0 && statuses.every((s) => s.ready);
}

/** Since when a pod has been not ready (ms), or 0 when unknown (an object without timestamps is old). */
export function notReadySince(pod: V1Pod): number {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  return toTime(ready?.lastTransitionTime) || toTime(pod.metadata?.creationTimestamp);
}
