import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  NetworkingV1Api,
  PolicyV1Api,
  StorageV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { ClusterSnapshot } from '../analyze/types.js';

/** Options of one list call: a namespace (omit for cluster-wide) and a label selector. */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
}

/** One kind the bot reads: where it lives in the API and how to list it with client-node. */
export interface KubeResource {
  /** The ClusterSnapshot field its objects go to. */
  key: keyof ClusterSnapshot;
  kind: string;
  apiVersion: string;
  namespaced: boolean;
  /** The REST path of a list or watch, e.g. `/api/v1/namespaces/ns/pods`. */
  path(namespace?: string): string;
  /**
   * Lists objects as client-node models (timestamps are `Date`, like `reviveTimestamps` makes
   * them for dumps and watch events) with `kind`/`apiVersion` set on every item.
   */
  list(kc: KubeConfig, options?: ListOptions): Promise<KubernetesListObject<KubernetesObject>>;
}

type Apis = {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
  storage: StorageV1Api;
  discovery: DiscoveryV1Api;
  networking: NetworkingV1Api;
  autoscaling: AutoscalingV2Api;
  policy: PolicyV1Api;
  admission: AdmissionregistrationV1Api;
};
type Lister = (apis: Apis, o: ListOptions & { namespace?: string }) => Promise<{ items: unknown[]; metadata?: unknown }>;

const apisByConfig = new WeakMap<KubeConfig, Apis>();
function apisOf(kc: KubeConfig): Apis {
  let apis = apisByConfig.get(kc);
  if (!apis) {
    apis = {
      core: kc.makeApiClient(CoreV1Api),
      apps: kc.makeApiClient(AppsV1Api),
      batch: kc.makeApiClient(BatchV1Api),
      storage: kc.makeApiClient(StorageV1Api),
      discovery: kc.makeApiClient(DiscoveryV1Api),
      networking: kc.makeApiClient(NetworkingV1Api),
      autoscaling: kc.makeApiClient(AutoscalingV2Api),
      policy: kc.makeApiClient(PolicyV1Api),
      admission: kc.makeApiClient(AdmissionregistrationV1Api),
    };
    apisByConfig.set(kc, apis);
  }
  return apis;
}

function resource(
  key: keyof ClusterSnapshot,
  kind: string,
  apiVersion: string,
  plural: string,
  namespaced: boolean,
  all: Lister,
  inNamespace?: (apis: Apis, o: ListOptions & { namespace: string }) => Promise<{ items: unknown[]; metadata?: unknown }>,
): KubeResource {
  const prefix = apiVersion === 'v1' ? '/api/v1' : `/apis/${apiVersion}`;
  return {
    key,
    kind,
    apiVersion,
    namespaced,
    path: (namespace) =>
      namespaced && namespace ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${plural}` : `${prefix}/${plural}`,
    async list(kc, options = {}) {
      const apis = apisOf(kc);
      const selector = options.labelSelector === undefined ? {} : { labelSelector: options.labelSelector };
      const typed =
        namespaced && options.namespace && inNamespace
          ? await inNamespace(apis, { ...selector, namespace: options.namespace })
          : await all(apis, selector);
      // The API server omits kind and apiVersion on list items; the analyzer groups by kind.
      const items = typed.items.map((item) => ({
        ...(item as KubernetesObject),
        kind,
        apiVersion,
      }));
      const metadata = (typed.metadata ?? {}) as { resourceVersion?: string };
      return {
        apiVersion,
        kind: `${kind}List`,
        metadata: metadata.resourceVersion === undefined ? {} : { resourceVersion: metadata.resourceVersion },
        items,
      };
    },
  };
}

/** Every kind in a ClusterSnapshot, in the order the analyzer's docs list them. */
export const KUBE_RESOURCES: readonly KubeResource[] = [
  resource('pods', 'Pod', 'v1', 'pods', true, (a, o) => a.core.listPodForAllNamespaces(o), (a, o) => a.core.listNamespacedPod(o)),
  resource('events', 'Event', 'v1', 'events', true, (a, o) => a.core.listEventForAllNamespaces(o), (a, o) => a.core.listNamespacedEvent(o)),
  resource('nodes', 'Node', 'v1', 'nodes', false, (a, o) => a.core.listNode(o)),
  resource('namespaces', 'Namespace', 'v1', 'namespaces', false, (a, o) => a.core.listNamespace(o)),
  resource(
    'persistentVolumeClaims', 'PersistentVolumeClaim', 'v1', 'persistentvolumeclaims', true,
    (a, o) => a.core.listPersistentVolumeClaimForAllNamespaces(o),
    (a, o) => a.core.listNamespacedPersistentVolumeClaim(o),
  ),
  resource('persistentVolumes', 'PersistentVolume', 'v1', 'persistentvolumes', false, (a, o) => a.core.listPersistentVolume(o)),
  resource('storageClasses', 'StorageClass', 'storage.k8s.io/v1', 'storageclasses', false, (a, o) => a.storage.listStorageClass(o)),
  resource('jobs', 'Job', 'batch/v1', 'jobs', true, (a, o) => a.batch.listJobForAllNamespaces(o), (a, o) => a.batch.listNamespacedJob(o)),
  resource(
    'replicaSets', 'ReplicaSet', 'apps/v1', 'replicasets', true,
    (a, o) => a.apps.listReplicaSetForAllNamespaces(o),
    (a, o) => a.apps.listNamespacedReplicaSet(o),
  ),
  resource(
    'deployments', 'Deployment', 'apps/v1', 'deployments', true,
    (a, o) => a.apps.listDeploymentForAllNamespaces(o),
    (a, o) => a.apps.listNamespacedDeployment(o),
  ),
  resource(
    'statefulSets', 'StatefulSet', 'apps/v1', 'statefulsets', true,
    (a, o) => a.apps.listStatefulSetForAllNamespaces(o),
    (a, o) => a.apps.listNamespacedStatefulSet(o),
  ),
  resource(
    'daemonSets', 'DaemonSet', 'apps/v1', 'daemonsets', true,
    (a, o) => a.apps.listDaemonSetForAllNamespaces(o),
    (a, o) => a.apps.listNamespacedDaemonSet(o),
  ),
  resource(
    'controllerRevisions', 'ControllerRevision', 'apps/v1', 'controllerrevisions', true,
    (a, o) => a.apps.listControllerRevisionForAllNamespaces(o),
    (a, o) => a.apps.listNamespacedControllerRevision(o),
  ),
  resource('cronJobs', 'CronJob', 'batch/v1', 'cronjobs', true, (a, o) => a.batch.listCronJobForAllNamespaces(o), (a, o) => a.batch.listNamespacedCronJob(o)),
  resource('services', 'Service', 'v1', 'services', true, (a, o) => a.core.listServiceForAllNamespaces(o), (a, o) => a.core.listNamespacedService(o)),
  resource(
    'endpointSlices', 'EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', true,
    (a, o) => a.discovery.listEndpointSliceForAllNamespaces(o),
    (a, o) => a.discovery.listNamespacedEndpointSlice(o),
  ),
  resource(
    'ingresses', 'Ingress', 'networking.k8s.io/v1', 'ingresses', true,
    (a, o) => a.networking.listIngressForAllNamespaces(o),
    (a, o) => a.networking.listNamespacedIngress(o),
  ),
  resource('ingressClasses', 'IngressClass', 'networking.k8s.io/v1', 'ingressclasses', false, (a, o) => a.networking.listIngressClass(o)),
  resource(
    'horizontalPodAutoscalers', 'HorizontalPodAutoscaler', 'autoscaling/v2', 'horizontalpodautoscalers', true,
    (a, o) => a.autoscaling.listHorizontalPodAutoscalerForAllNamespaces(o),
    (a, o) => a.autoscaling.listNamespacedHorizontalPodAutoscaler(o),
  ),
  resource(
    'podDisruptionBudgets', 'PodDisruptionBudget', 'policy/v1', 'poddisruptionbudgets', true,
    (a, o) => a.policy.listPodDisruptionBudgetForAllNamespaces(o),
    (a, o) => a.policy.listNamespacedPodDisruptionBudget(o),
  ),
  resource(
    'validatingWebhookConfigurations', 'ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'validatingwebhookconfigurations', false,
    (a, o) => a.admission.listValidatingWebhookConfiguration(o),
  ),
  resource(
    'resourceQuotas', 'ResourceQuota', 'v1', 'resourcequotas', true,
    (a, o) => a.core.listResourceQuotaForAllNamespaces(o),
    (a, o) => a.core.listNamespacedResourceQuota(o),
  ),
  resource('limitRanges', 'LimitRange', 'v1', 'limitranges', true, (a, o) => a.core.listLimitRangeForAllNamespaces(o), (a, o) => a.core.listNamespacedLimitRange(o)),
  resource(
    'mutatingWebhookConfigurations', 'MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'mutatingwebhookconfigurations', false,
    (a, o) => a.admission.listMutatingWebhookConfiguration(o),
  ),
];
