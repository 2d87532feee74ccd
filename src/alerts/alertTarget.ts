/**
 * What an alert is about, read from the labels kube-state-metrics and the kubernetes-mixin put
 * on it. `kind` is the Kubernetes kind; `namespace` is '' for a node.
 */
export interface AlertTarget {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Labels naming an object, most specific first. Workload labels win over `pod` and `service`:
 * on kube-state-metrics series (`KubeDeploymentReplicasMismatch`) those two name the
 * kube-state-metrics pod and Service that were scraped, not the object the alert is about.
 */
export const TARGET_LABELS: readonly (readonly [label: string, kind: string])[] = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['cronjob', 'CronJob'],
  ['job_name', 'Job'],
  ['horizontalpodautoscaler', 'HorizontalPodAutoscaler'],
  ['persistentvolumeclaim', 'PersistentVolumeClaim'],
  ['pod', 'Pod'],
  ['service', 'Service'],
];

/**
 * The object an alert names: a namespaced object when `namespace` and one of `TARGET_LABELS`
 * are set, else the node of a `node` label, else undefined (a cluster-wide alert such as
 * `Watchdog`, or one about something the bot cannot read).
 */
export function alertTarget(labels: Readonly<Record<string, string>>): AlertTarget | undefined {
  const namespace = labels.namespace ?? '';
  if (namespace !== '') {
    for (const [label, kind] of TARGET_LABELS) {
      const name = labels[label];
      if (name !== undefined && name !== '') return { kind, namespace, name };
    }
  }
  const node = labels.node;
  return node !== undefined && node !== '' ? { kind: 'Node', namespace: '', name: node } : undefined;
}
