import type { KubeObject } from '../fakes/kube.js';

const HASH = '7d9c8b5f4';

/**
 * `count` healthy Deployments named `<prefix>-NNN` (default `web-NNN`) in `namespace`, each with
 * its ReplicaSet and `podsEach` Running, Ready pods, as the API server serves them: the watcher finds nothing,
 * so every incident comes from an alert.
 */
export function healthyWorkloads(
  namespace: string,
  count: number,
  options: { podsEach?: number; prefix?: string } = {},
): { objects: KubeObject[]; name: (i: number) => string; pods: (i: number) => string[] } {
  const podsEach = options.podsEach ?? 1;
  const name = (i: number): string => `${options.prefix ?? 'web'}-${String(i).padStart(3, '0')}`;
  const pods = (i: number): string[] => Array.from({ length: podsEach }, (_, p) => `${name(i)}-${HASH}-${(1_679_616 + p * 7919).toString(36).replace(/[aeiou013]/g, 'x')}`);
  const objects: KubeObject[] = [{ kind: 'Namespace', metadata: { name: namespace }, status: { phase: 'Active' } }];
  for (let i = 0; i < count; i += 1) {
    const labels = { app: name(i), 'pod-template-hash': HASH };
    objects.push(
      {
        kind: 'Deployment',
        metadata: { namespace, name: name(i), labels: { app: name(i) }, generation: 1 },
        spec: { replicas: podsEach, selector: { matchLabels: { app: name(i) } }, template: { metadata: { labels: { app: name(i) } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
        status: { replicas: podsEach, readyReplicas: podsEach, availableReplicas: podsEach, updatedReplicas: podsEach, observedGeneration: 1 },
      },
      {
        kind: 'ReplicaSet',
        metadata: { namespace, name: `${name(i)}-${HASH}`, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: name(i), uid: `uid-${name(i)}`, controller: true }] },
        spec: { replicas: podsEach, selector: { matchLabels: labels } },
        status: { replicas: podsEach, readyReplicas: podsEach },
      },
      ...pods(i).map((pod) => ({
        kind: 'Pod',
        metadata: {
          namespace,
          name: pod,
          labels,
          creationTimestamp: new Date(Date.now() - 3600_000).toISOString(),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name(i)}-${HASH}`, uid: `uid-rs-${name(i)}`, controller: true }],
        },
        spec: { nodeName: 'node-a', containers: [{ name: 'app', image: 'nginx:1.27' }] },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [{ name: 'app', image: 'nginx:1.27', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: new Date(Date.now() - 3600_000).toISOString() } } }],
        },
      })),
    );
  }
  return { objects, name, pods };
}
