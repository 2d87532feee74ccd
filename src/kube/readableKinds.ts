/** A kind the investigation tools may read: how the model names it and where it lives in the API. */
export interface ReadableKind {
  /** What the model writes, e.g. `deployment`; also accepted: the plural, the short name, the Kind. */
  name: string;
  kind: string;
  apiVersion: string;
  /** The resource name RBAC grants, e.g. `horizontalpodautoscalers`. */
  plural: string;
  namespaced: boolean;
  aliases: readonly string[];
}

const kind = (name: string, kindName: string, apiVersion: string, namespaced: boolean, ...aliases: string[]): ReadableKind => {
  const plural = kindName === 'Ingress' ? 'ingresses' : kindName === 'StorageClass' ? 'storageclasses' : `${kindName.toLowerCase()}s`;
  return { name, kind: kindName, apiVersion, plural, namespaced, aliases: [name, `${name}s`, kindName.toLowerCase(), plural, ...aliases] };
};

/**
 * Every kind the tools read, and nothing else: the ClusterRole grants get/list/watch on exactly
 * these (deploy/kubernetes/common/rbac.yaml). Secrets are deliberately absent.
 */
export const READABLE_KINDS: readonly ReadableKind[] = [
  kind('pod', 'Pod', 'v1', true, 'po'),
  kind('deployment', 'Deployment', 'apps/v1', true, 'deploy'),
  kind('statefulset', 'StatefulSet', 'apps/v1', true, 'sts'),
  kind('daemonset', 'DaemonSet', 'apps/v1', true, 'ds'),
  kind('replicaset', 'ReplicaSet', 'apps/v1', true, 'rs'),
  kind('controllerrevision', 'ControllerRevision', 'apps/v1', true),
  kind('job', 'Job', 'batch/v1', true),
  kind('cronjob', 'CronJob', 'batch/v1', true, 'cj'),
  kind('service', 'Service', 'v1', true, 'svc'),
  kind('endpointslice', 'EndpointSlice', 'discovery.k8s.io/v1', true),
  kind('ingress', 'Ingress', 'networking.k8s.io/v1', true, 'ing'),
  kind('hpa', 'HorizontalPodAutoscaler', 'autoscaling/v2', true),
  kind('configmap', 'ConfigMap', 'v1', true, 'cm'),
  kind('pvc', 'PersistentVolumeClaim', 'v1', true),
  kind('pv', 'PersistentVolume', 'v1', false),
  kind('storageclass', 'StorageClass', 'storage.k8s.io/v1', false, 'sc'),
  kind('node', 'Node', 'v1', false, 'no'),
  kind('event', 'Event', 'v1', true, 'ev'),
];

/** Kinds that hold credentials: never read, whatever the RBAC would allow. */
export const SECRET_KINDS: ReadonlySet<string> = new Set(['secret', 'secrets', 'sec']);

/** The kind `name` stands for (any case, singular, plural or short), or undefined. */
export function readableKind(name: string): ReadableKind | undefined {
  const wanted = name.trim().toLowerCase();
  return READABLE_KINDS.find((k) => k.aliases.includes(wanted));
}
