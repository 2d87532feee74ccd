import type { ClusterSnapshot } from './types.js';

/** A snapshot with no objects; the starting point for building one. */
export function emptySnapshot(): ClusterSnapshot {
  return {
    pods: [],
    events: [],
    nodes: [],
    namespaces: [],
    persistentVolumeClaims: [],
    persistentVolumes: [],
    storageClasses: [],
    jobs: [],
    replicaSets: [],
    deployments: [],
    statefulSets: [],
    daemonSets: [],
    controllerRevisions: [],
    cronJobs: [],
    services: [],
    endpointSlices: [],
    ingresses: [],
    ingressClasses: [],
    horizontalPodAutoscalers: [],
    podDisruptionBudgets: [],
    validatingWebhookConfigurations: [],
    mutatingWebhookConfigurations: [],
    resourceQuotas: [],
    limitRanges: [],
  };
}
