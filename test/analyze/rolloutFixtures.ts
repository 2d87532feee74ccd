import { crashLoop, event, pod, terminated } from './builders.js';

export type Json = Record<string, unknown>;

const template = (image: string, env: string[], memory: string, volume: string, args?: string[]): Json => ({
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [{ name: 'app', image, env: env.map((name) => ({ name, value: 'v' })), resources: { limits: { memory } }, ...(args !== undefined ? { args } : {}) }],
    volumes: [{ name: volume, configMap: { name: volume } }],
  },
});
const replicaSet = (hash: string, revision: number, created: string, tpl: Json): Json => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: `web-${hash}`,
    namespace: 'default',
    creationTimestamp: created,
    labels: { app: 'web', 'pod-template-hash': hash },
    annotations: { 'deployment.kubernetes.io/revision': String(revision) },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true }],
  },
  spec: { replicas: 1, template: tpl },
  status: { replicas: 1 },
});

const V6 = template('web:1.4', ['DB_URL', 'OLD_FLAG'], '256Mi', 'config');
const V7 = template('web:1.5', ['DB_URL', 'NEW_FLAG'], '512Mi', 'config-v2', ['--fast']);

/** A Deployment whose revision 7 (image, env, memory, volume and args changed) crash-loops since `firstCrash`. */
export function crashingRevision7(rolledOutAt: string, firstCrash: string): Json[] {
  const name = 'web-7d9c8b6f5d-aaaaa';
  const backOff = { ...event('Pod', name, 'Warning', 'BackOff', `Back-off restarting failed container app in pod ${name}`, { count: 9, fieldPath: 'spec.containers{app}' }), firstTimestamp: firstCrash };
  return [
    replicaSet('5c9f7d8b6c', 6, '2024-04-30T09:00:00Z', V6),
    replicaSet('7d9c8b6f5d', 7, rolledOutAt, V7),
    pod({ name, labels: { app: 'web', 'pod-template-hash': '7d9c8b6f5d' }, owner: { kind: 'ReplicaSet', name: 'web-7d9c8b6f5d' }, containers: [{ name: 'app', image: 'web:1.5', state: crashLoop, last: terminated('Error', 1), restarts: 5 }] }),
    backOff,
  ];
}
