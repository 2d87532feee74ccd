import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';

/** Events that say why a claim does not bind. */
const BINDING_FAILURES = new Set(['FailedBinding', 'ProvisioningFailed', 'ClaimLost', 'ClaimMisbound', 'VolumeMismatch']);

/** Whether a claim is not (or no longer) bound to a volume. */
export function isUnbound(pvc: V1PersistentVolumeClaim): boolean {
  return pvc.status?.phase !== 'Bound';
}

/** `PersistentVolumeClaim x: Pending; storageClassName: (none); requests 2Gi; ReadWriteOnce`. */
export function describeClaim(pvc: V1PersistentVolumeClaim): string {
  const cls = pvc.spec?.storageClassName;
  const size = pvc.spec?.resources?.requests?.['storage'];
  return [
    `PersistentVolumeClaim ${pvc.metadata?.name ?? ''}: ${pvc.status?.phase ?? 'Pending'}`,
    `storageClassName: ${cls === undefined || cls === '' ? '(none)' : cls}`,
    ...(size !== undefined ? [`requests ${size}`] : []),
    ...(pvc.spec?.accessModes !== undefined ? [pvc.spec.accessModes.join(',')] : []),
    ...(pvc.spec?.volumeName !== undefined ? [`volumeName: ${pvc.spec.volumeName}`] : []),
  ].join('; ');
}

/** The claim's binding-failure event lines, newest first, de-duplicated. */
export function claimFailureLines(pvc: V1PersistentVolumeClaim, ctx: AnalysisContext): string[] {
  const meta = pvc.metadata ?? {};
  const events = ctx.events.about('PersistentVolumeClaim', meta.namespace ?? '', meta.name ?? '', meta.uid);
  return [...new Set(events.filter((e) => BINDING_FAILURES.has(e.reason ?? '') || e.type === 'Warning').map(formatEvent))].slice(0, 3);
}

/** A few words on why a claim may not bind. */
export function claimDetail(pvc: V1PersistentVolumeClaim): string {
  const cls = pvc.spec?.storageClassName;
  return cls === undefined || cls === '' ? 'no StorageClass set' : `StorageClass "${cls}"`;
}
