import type { V1ObjectMeta, V1OwnerReference, V1Pod } from '@kubernetes/client-node';
import type { ClusterSnapshot } from './types.js';

/** Owning workload of a pod or controller, e.g. `Deployment/web`; `Pod/x` for a bare pod. */
export type WorkloadResolver = {
  ofPod(pod: V1Pod): string;
  /** The workload that owns a controller object (a ReplicaSet → its Deployment). */
  ofController(kind: string, namespace: string, name: string): string;
  /** A pod known only by name (from its events): `<deployment>-<hash>-<5 chars>` names a Deployment. */
  ofPodName(name: string): string;
};

/** The alphabet of pod-template-hash (Kubernetes' SafeEncodeString): no vowels, no 0/1/3. */
const TEMPLATE_HASH = /^(.+)-([bcdfghjklmnpqrstvwxz2456789]{5,10})$/;
const DEPLOYMENT_POD = /^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

function controllerOf(meta: V1ObjectMeta | undefined): V1OwnerReference | undefined {
  const owners = meta?.ownerReferences ?? [];
  return owners.find((o) => o.controller === true) ?? owners[0];
}

/**
 * Resolves ownership through the snapshot (Pod → ReplicaSet → Deployment, Pod → Job → CronJob).
 * When the ReplicaSet is not in the snapshot, a name ending in the pod's `pod-template-hash`
 * label (or in a hash-shaped suffix) still names its Deployment.
 */
export function createWorkloadResolver(snapshot: ClusterSnapshot): WorkloadResolver {
  const owners = new Map<string, V1OwnerReference | undefined>();
  const remember = (kind: string, meta: V1ObjectMeta): void => {
    owners.set(`${kind}/${meta.namespace ?? ''}/${meta.name ?? ''}`, controllerOf(meta));
  };
  for (const rs of snapshot.replicaSets) remember('ReplicaSet', rs.metadata ?? {});
  for (const job of snapshot.jobs) remember('Job', job.metadata ?? {});

  const ofController = (kind: string, namespace: string, name: string, templateHash?: string): string => {
    const key = `${kind}/${namespace}/${name}`;
    if (owners.has(key)) {
      const owner = owners.get(key);
      return owner === undefined ? `${kind}/${name}` : `${owner.kind}/${owner.name}`;
    }
    if (kind === 'ReplicaSet') {
      if (templateHash !== undefined && name.endsWith(`-${templateHash}`)) {
        return `Deployment/${name.slice(0, -templateHash.length - 1)}`;
      }
      const match = TEMPLATE_HASH.exec(name);
      if (templateHash === undefined && match?.[1] !== undefined) return `Deployment/${match[1]}`;
    }
    return `${kind}/${name}`;
  };

  return {
    ofPod(pod) {
      const meta = pod.metadata ?? {};
      const owner = controllerOf(meta);
      // A static pod's mirror is "owned" by its node, but it is a pod of its own, not the node.
      if (owner === undefined || owner.kind === 'Node') return `Pod/${meta.name ?? ''}`;
      return ofController(owner.kind, meta.namespace ?? '', owner.name, meta.labels?.['pod-template-hash']);
    },
    ofController(kind, namespace, name) {
      return ofController(kind, namespace, name);
    },
    ofPodName(name) {
      const deployment = DEPLOYMENT_POD.exec(name)?.[1];
      return deployment !== undefined ? `Deployment/${deployment}` : `Pod/${name}`;
    },
  };
}
