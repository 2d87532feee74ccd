import { createWorkloadResolver } from '../analyze/resolveWorkload.js';
import type { ClusterSnapshot } from '../analyze/types.js';
import type { AlertTarget } from './alertTarget.js';

/**
 * The workload an alert's target belongs to, named like the analyzer's `Finding.workload` so an
 * alert and the watcher agree on it: a pod → its Deployment/StatefulSet/DaemonSet/Job/CronJob
 * (through the cluster, or from its name when the pod is gone), a Job → its CronJob, a PVC →
 * the workload of a pod that mounts it; anything else is itself (`Service/web`, `Node/n1`).
 */
export function alertWorkload(target: AlertTarget, snapshot: ClusterSnapshot): string {
  const resolver = createWorkloadResolver(snapshot);
  const { kind, namespace, name } = target;
  const inNamespace = snapshot.pods.filter((p) => p.metadata?.namespace === namespace);
  if (kind === 'Pod') {
    const pod = inNamespace.find((p) => p.metadata?.name === name);
    return pod === undefined ? resolver.ofPodName(name) : resolver.ofPod(pod);
  }
  if (kind === 'Job') return resolver.ofController('Job', namespace, name);
  if (kind === 'PersistentVolumeClaim') {
    const pod = inNamespace.find((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name));
    if (pod !== undefined) return resolver.ofPod(pod);
  }
  return `${kind}/${name}`;
}
