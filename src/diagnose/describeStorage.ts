import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { ClusterSnapshot } from '../analyze/types.js';

const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];
const MAX_PVS = 10;

/**
 * A PVC, the StorageClass it names (or the cluster's default, or the absence of one) and the
 * PVs that could bind it: what decides whether "no persistent volumes available" can be fixed.
 */
export function describeStorage(pvc: V1PersistentVolumeClaim, snapshot: ClusterSnapshot): string[] {
  const spec = pvc.spec;
  const className = spec?.storageClassName;
  const lines = [
    `pvc ${pvc.metadata?.namespace ?? ''}/${pvc.metadata?.name ?? ''}: phase ${pvc.status?.phase ?? 'Unknown'}, ` +
      `storageClassName ${className ?? '<unset>'}, request ${spec?.resources?.requests?.storage ?? '-'}, ` +
      `accessModes ${(spec?.accessModes ?? []).join(',') || '-'}, volumeName ${spec?.volumeName ?? '-'}`,
  ];
  const defaults = snapshot.storageClasses.filter((sc) =>
    DEFAULT_CLASS_ANNOTATIONS.some((key) => sc.metadata?.annotations?.[key] === 'true'),
  );
  if (className) {
    const sc = snapshot.storageClasses.find((candidate) => candidate.metadata?.name === className);
    lines.push(
      sc
        ? `storageclass ${className}: provisioner ${sc.provisioner}, volumeBindingMode ${sc.volumeBindingMode ?? 'Immediate'}, reclaimPolicy ${sc.reclaimPolicy ?? 'Delete'}`
        : `storageclass ${className}: does not exist`,
    );
  } else if (className === '') {
    lines.push('storageClassName is "": only a pre-created PV without a class can bind this claim');
  } else {
    lines.push(
      defaults.length > 0
        ? `default storageclass: ${defaults.map((sc) => `${sc.metadata?.name ?? ''} (provisioner ${sc.provisioner})`).join(', ')}`
        : `no default StorageClass in the cluster (storage classes: ${snapshot.storageClasses.map((sc) => sc.metadata?.name ?? '').join(', ') || 'none'})`,
    );
  }
  const pvs = snapshot.persistentVolumes;
  if (pvs.length === 0) {
    lines.push('persistent volumes: none in the cluster');
  } else {
    for (const pv of pvs.slice(0, MAX_PVS)) {
      const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '-';
      lines.push(
        `pv ${pv.metadata?.name ?? ''}: phase ${pv.status?.phase ?? 'Unknown'}, capacity ${pv.spec?.capacity?.storage ?? '-'}, ` +
          `accessModes ${(pv.spec?.accessModes ?? []).join(',') || '-'}, storageClass ${pv.spec?.storageClassName ?? '<unset>'}, claim ${claim}`,
      );
    }
    if (pvs.length > MAX_PVS) lines.push(`… ${pvs.length - MAX_PVS} more persistent volumes`);
  }
  return lines;
}
