/**
 * A cluster to investigate, on top of seed case A (test/slack/seedCases.ts): a `web` Deployment
 * with two rollouts, a `db` StatefulSet whose pod was OOMKilled behind a Service with no ready
 * endpoint, a ConfigMap and a Secret, a pod in the `payments` namespace (outside the allowed
 * ones in tests), and secrets planted everywhere a tool could read them: an env value, a
 * command-line flag, ConfigMap values, a Secret and a log line. None may ever reach the LLM.
 */
import type { FakeKube, KubeObject } from '../fakes/kube.js';
import { caseA, NOW } from '../slack/seedCases.js';

export const NS = 'k8s-and-chatgpt';
const ago = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString();

/** Every planted secret; a test searches every request body for each. */
export const PLANTED = {
  env: 'planted-env-Zx81qLm',
  flag: 'planted-arg-Qq77rTy',
  configMapUrl: 'plantedCmUrlPw93',
  configMap: 'planted-cm-Kk42vBn',
  secret: 'planted-secret-Vv93wEr',
  log: 'planted-log-Jj55pOi',
} as const;
export const PLANTED_VALUES: readonly string[] = [...Object.values(PLANTED), Buffer.from(PLANTED.secret).toString('base64')];

const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: `${kind}-${name}`, controller: true }];
const webTemplate = (image: string, env: string[]) => ({
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'web',
        image,
        args: [`--port=${image.endsWith('1.4.2') ? 8080 : 8000}`, '--db-password', PLANTED.flag],
        env: env.map((name) => ({ name, value: PLANTED.env })),
        envFrom: [{ configMapRef: { name: 'web-config' } }],
        resources: { limits: { memory: image.endsWith('1.4.2') ? '256Mi' : '512Mi' } },
      },
    ],
  },
});

export function investigationObjects(): KubeObject[] {
  return [
    ...(caseA() as KubeObject[]),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: NS, uid: 'Deployment-web', annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: webTemplate('shop/web:1.4.2', ['API_TOKEN', 'FEATURE_X']) },
      status: { replicas: 2, readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
    },
    ...[
      { name: 'web-6d4b8c', revision: '1', image: 'shop/web:1.4.1', env: ['API_TOKEN'], created: 3 * 24 * 60 },
      { name: 'web-7f9c5d', revision: '2', image: 'shop/web:1.4.2', env: ['API_TOKEN', 'FEATURE_X'], created: 40 },
    ].map((rs) => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rs.name, namespace: NS, creationTimestamp: ago(rs.created), annotations: { 'deployment.kubernetes.io/revision': rs.revision }, ownerReferences: owner('Deployment', 'web') },
      spec: { replicas: rs.revision === '2' ? 2 : 0, selector: { matchLabels: { app: 'web' } }, template: webTemplate(rs.image, rs.env) },
      status: { replicas: rs.revision === '2' ? 2 : 0, readyReplicas: rs.revision === '2' ? 1 : 0 },
    })),
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-7f9c5d-x2x9p', namespace: NS, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7f9c5d', uid: 'rs-web-2', controller: true }] },
      spec: { nodeName: '3shake-k8s-node-002', ...webTemplate('shop/web:1.4.2', ['API_TOKEN', 'FEATURE_X']).spec },
      status: { phase: 'Running', containerStatuses: [{ name: 'web', image: 'shop/web:1.4.2', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: ago(40) } } }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: NS },
      spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'postgres', image: 'postgres:16' }] } } },
      status: { replicas: 1, readyReplicas: 0, currentRevision: 'db-5c7d', updateRevision: 'db-5c7d' },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'db-0', namespace: NS, labels: { app: 'db' }, ownerReferences: owner('StatefulSet', 'db') },
      spec: { nodeName: '3shake-k8s-node-003', containers: [{ name: 'postgres', image: 'postgres:16', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } } }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'postgres',
            image: 'postgres:16',
            imageID: '',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: ago(6), finishedAt: ago(4) } },
          },
        ],
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: NS }, spec: { type: 'ClusterIP', clusterIP: '10.96.12.7', selector: { app: 'db' }, ports: [{ port: 5432, targetPort: 5432, protocol: 'TCP' }] } },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'db-k2j4f', namespace: NS, labels: { 'kubernetes.io/service-name': 'db' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.3.17'], conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'db-0', namespace: NS } }],
      ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-config', namespace: NS },
      data: { DATABASE_URL: `postgres://app:${PLANTED.configMapUrl}@db:5432/shop`, SMTP_PASSWORD: PLANTED.configMap, LOG_LEVEL: 'debug' },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-secrets', namespace: NS }, type: 'Opaque', data: { API_TOKEN: Buffer.from(PLANTED.secret).toString('base64') } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pay-0', namespace: 'payments', labels: { app: 'pay' } },
      spec: { containers: [{ name: 'pay', image: 'shop/pay:2.0' }] },
      status: { phase: 'Running' },
    },
  ];
}

/** The logs the tools may read: the database's crash, with a password in it. */
export function plantLogs(kube: FakeKube): void {
  kube.setLog(
    { namespace: NS, pod: 'db-0', container: 'postgres', previous: true },
    [
      '2026-03-06 11:55:01 UTC [1] LOG:  starting PostgreSQL 16.2',
      `2026-03-06 11:55:02 UTC [1] LOG:  connecting with password=${PLANTED.log}`,
      '2026-03-06 11:55:40 UTC [1] LOG:  server process (PID 87) was terminated by signal 9: Killed',
      '2026-03-06 11:55:40 UTC [1] DETAIL:  Failed process was running: CREATE INDEX CONCURRENTLY orders_created_idx ON orders (created_at)',
    ].join('\n'),
  );
}
