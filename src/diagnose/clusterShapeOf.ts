import type { ClusterSnapshot } from '../analyze/types.js';
import type { ClusterShape } from './types.js';

const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

/**
 * The cluster's shape as the seed's prompt states it: control-plane and worker node counts and
 * the Kubernetes version (the most common kubelet version; '' with no nodes, e.g. a pod-only dump).
 */
export function clusterShapeOf(snapshot: Pick<ClusterSnapshot, 'nodes'>): ClusterShape {
  let controlPlaneNodes = 0;
  const versions = new Map<string, number>();
  for (const node of snapshot.nodes) {
    const labels = node.metadata?.labels ?? {};
    if (CONTROL_PLANE_LABELS.some((label) => label in labels)) controlPlaneNodes += 1;
    const version = node.status?.nodeInfo?.kubeletVersion;
    if (version) versions.set(version, (versions.get(version) ?? 0) + 1);
  }
  // Most common first; ties go to the newest-sorting string so the answer is deterministic.
  const [kubernetesVersion = ''] = [...versions.entries()]
    .sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))
    .map(([version]) => version);
  return { controlPlaneNodes, workerNodes: snapshot.nodes.length - controlPlaneNodes, kubernetesVersion };
}
