import type { CoreV1Event } from '@kubernetes/client-node';
import type { Category } from '../types.js';

/**
 * The wording Kubernetes components print, in one place: the kubelet's image pull and probe
 * events, the scheduler's FailedScheduling messages.
 */

/** A registry refusing the credentials (or their absence), not a missing image. */
export const IMAGE_AUTH = /unauthorized|authentication required|pull access denied|authorization failed|failed to authorize|no basic auth credentials|(?<!permission )\bdenied\b|\bforbidden\b/i;

/** The kubelet's generic follow-ups to a pull failure; the `Failed to pull image` line says more. */
export const PULL_SYMPTOM = /^Error: (ErrImagePull|ImagePullBackOff)$/;

const PROBE = /^(Liveness|Readiness|Startup) probe (failed|errored)/;
const PROBE_KILL = /failed (liveness|startup) probe/;

export type Probe = 'Liveness' | 'Readiness' | 'Startup';

/** Unhealthy events of one probe, and the kubelet's `Container x failed liveness probe, will be restarted`. */
export function probeEvents(events: CoreV1Event[], probe: Probe): CoreV1Event[] {
  const kill = probe.toLowerCase();
  return events.filter(
    (e) =>
      (e.reason === 'Unhealthy' && PROBE.exec(e.message ?? '')?.[1] === probe) ||
      (e.reason === 'Killing' && PROBE_KILL.exec(e.message ?? '')?.[1] === kill),
  );
}

const PVC_MESSAGE = /unbound immediate PersistentVolumeClaims|persistentvolumeclaim "[^"]*" not found|didn't find available persistent volumes to bind|waiting for ephemeral volume controller/i;
const INSUFFICIENT = /Insufficient [\w./-]*\w|Too many pods/g;

/** The resources a FailedScheduling message says are short, e.g. `Insufficient cpu`. */
export function insufficientResources(message: string): string[] {
  return [...new Set(message.match(INSUFFICIENT) ?? [])];
}

/** What a FailedScheduling message blames: an unbound claim, then resources, then constraints. */
export function schedulingCategory(message: string): Extract<Category, 'PVCUnbound' | 'InsufficientResources' | 'UnschedulableConstraints'> {
  if (PVC_MESSAGE.test(message)) return 'PVCUnbound';
  return insufficientResources(message).length > 0 ? 'InsufficientResources' : 'UnschedulableConstraints';
}
