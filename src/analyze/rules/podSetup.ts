import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { ObjectRef } from '../types.js';
import type { Issue } from './Issue.js';
import { podEvents } from './podEvidence.js';
import { podIssue } from './podIssue.js';

const MOUNT_REASONS = ['FailedMount', 'FailedAttachVolume', 'FailedMapVolume'];
const SANDBOX_REASONS = ['FailedCreatePodSandBox', 'FailedKillPodSandBox'];
const VOLUME_NAME = /volume "([^"]+)"/;

/**
 * A scheduled pod whose containers never start: the kubelet cannot attach or mount a volume
 * (checked first: volumes are set up before the sandbox), or cannot create the pod sandbox.
 */
export function podSetupIssue(pod: V1Pod, ctx: AnalysisContext): Issue | undefined {
  if (pod.spec?.nodeName === undefined || pod.status?.phase !== 'Pending') return undefined;
  const events = podEvents(pod, ctx);
  const node: ObjectRef = { kind: 'Node', namespace: '', name: pod.spec.nodeName };
  const mounts = events.filter((e) => MOUNT_REASONS.includes(e.reason ?? ''));
  if (mounts.length > 0) {
    const volume = VOLUME_NAME.exec(mounts[0]?.message ?? '')?.[1];
    const ns = pod.metadata?.namespace ?? '';
    const claims: ObjectRef[] = ctx.claimsOfPod(pod).map((name) => ({ kind: 'PersistentVolumeClaim', namespace: ns, name }));
    return podIssue(pod, ctx, {
      category: 'VolumeMountFailure',
      containers: [],
      rootCause: [...new Set(mounts.map(formatEvent))].slice(0, 3),
      related: [...claims, node],
      detail: volume !== undefined ? `volume "${volume}"` : 'volume setup fails',
    });
  }
  const sandbox = events.filter((e) => SANDBOX_REASONS.includes(e.reason ?? ''));
  if (sandbox.length > 0) {
    return podIssue(pod, ctx, {
      category: 'SandboxCreationFailure',
      containers: [],
      rootCause: [...new Set(sandbox.map(formatEvent))].slice(0, 2),
      related: [node],
      detail: `on node ${pod.spec.nodeName}`,
    });
  }
  return undefined;
}
