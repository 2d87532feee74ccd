import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { Finding } from '../../src/analyze/types.js';
import { crashLoop, event, healthyWorkloads, node, NOW, pod, running, service, terminated } from './builders.js';

type Json = Record<string, unknown>;

function findings(items: Json[]): Finding[] {
  const { snapshot, skipped } = snapshotFromObjects([{ kind: 'List', items }]);
  expect(skipped).toEqual([]);
  return analyze(snapshot, { now: NOW });
}

const crashing = (name: string, app: string, nodeName = 'worker-1'): Json[] => [
  pod({ name, labels: { app }, owner: { kind: 'ReplicaSet', name: `${app}-7d9c8b6f5d` }, node: nodeName, containers: [{ name: 'app', state: crashLoop, last: terminated('Error', 1), restarts: 9 }] }),
  event('Pod', name, 'Warning', 'BackOff', `Back-off restarting failed container app in pod ${name}`, { count: 40, fieldPath: 'spec.containers{app}' }),
];

describe('a failure hidden among 50 healthy objects', () => {
  const haystack = healthyWorkloads(7);

  it('the haystack alone has no finding', () => {
    expect(haystack.length).toBeGreaterThanOrEqual(50);
    expect(findings([...haystack, node('worker-1'), node('worker-2'), node('worker-3')])).toEqual([]);
  });

  it('a Service left without endpoints by crashing pods is one finding: the crash, naming the Service', () => {
    const items = [
      ...haystack,
      ...crashing('web-7d9c8b6f5d-aaaaa', 'web'),
      ...crashing('web-7d9c8b6f5d-bbbbb', 'web'),
      ...service('web', 'web', [false, false]),
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'www', namespace: 'default' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
    ];
    const [only, ...rest] = findings(items);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ category: 'CrashLoopBackOff', workload: 'Deployment/web', pods: ['web-7d9c8b6f5d-aaaaa', 'web-7d9c8b6f5d-bbbbb'] });
    expect(only?.summary).toContain('Service web has no ready endpoint');
    expect(only?.evidence).toContain('Service web: no ready endpoint; selector app=web matches 2 pods, behind Ingress www');
    expect(only?.related).toContainEqual({ kind: 'Service', namespace: 'default', name: 'web' });
  });

  it('a node down takes its pods and a Service with it: one critical finding on the node, naming the Service', () => {
    const stranded = (name: string): Json => ({
      ...pod({ name, labels: { app: 'cache' }, owner: { kind: 'ReplicaSet', name: 'cache-5f6d7c8b9d' }, node: 'worker-3', containers: [{ name: 'redis', ready: true, state: running }] }),
    });
    const items = [
      ...haystack.filter((o) => !JSON.stringify(o).includes('worker-3')),
      node('worker-1'),
      node('worker-2'),
      node('worker-3', false),
      { ...stranded('cache-5f6d7c8b9d-aaaaa'), status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False', reason: 'NodeNotReady' }] } },
      ...service('cache', 'cache', [false]),
    ];
    const [only, ...rest] = findings(items);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ category: 'NodeNotReady', name: 'worker-3', severity: 'critical' });
    expect(only?.evidence).toContain('Service cache: no ready endpoint; selector app=cache matches 1 pod');
  });
});

describe('dependent objects: the root cause wins', () => {
  it('a Service whose selector matches no pod is ServiceNoEndpoints, naming the nearest pods', () => {
    const items = [
      pod({ name: 'api-7d9c8b6f5d-aaaaa', labels: { app: 'api-v2' }, owner: { kind: 'ReplicaSet', name: 'api-7d9c8b6f5d' }, containers: [{ name: 'app', ready: true, state: running }] }),
      ...service('api', 'api', []),
    ];
    const [only, ...rest] = findings(items);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ category: 'ServiceNoEndpoints', name: 'api' });
    expect(only?.evidence).toContain('nearest pod api-7d9c8b6f5d-aaaaa: labels app=api-v2');
  });

  it('a Service with ready endpoints, or without a selector, is no finding', () => {
    const selectorless = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    expect(findings([...service('ok', 'ok', [true, false]), selectorless, pod({ name: 'x', containers: [{ name: 'a', ready: true, state: running }] })])).toEqual([]);
  });

  it('a rollout stuck because its new pods crash is the crash, saying the rollout is stuck', () => {
    const items = [
      ...crashing('web-7d9c8b6f5d-aaaaa', 'web'),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default' },
        spec: { replicas: 2 },
        status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-7d9c8b6f5d" has timed out progressing.' }] },
      },
    ];
    const result = findings(items);
    expect(result.map((f) => f.category)).toEqual(['CrashLoopBackOff']);
    expect(result[0]?.summary).toContain('rollout of Deployment/web stuck');
  });

  it('a fail-closed webhook whose pods crash is the crash, naming the webhook; alone, it is WebhookUnavailable on its Service', () => {
    const config = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'policy' },
      webhooks: [{ name: 'validate.policy.example.com', clientConfig: { service: { namespace: 'default', name: 'policy' } }, rules: [{ operations: ['CREATE'], resources: ['pods'] }] }],
    };
    const withPods = findings([config, ...service('policy', 'policy', [false]), ...crashing('policy-7d9c8b6f5d-aaaaa', 'policy')]);
    expect(withPods.map((f) => f.category)).toEqual(['CrashLoopBackOff']);
    expect(withPods[0]?.summary).toContain('admission webhook "validate.policy.example.com" is unreachable');
    const alone = findings([config, ...service('policy', 'policy', []), pod({ name: 'other', containers: [{ name: 'a', ready: true, state: running }] })]);
    expect(alone).toMatchObject([{ category: 'WebhookUnavailable', kind: 'Service', name: 'policy', workload: 'ValidatingWebhookConfiguration/policy' }]);
    const ignored = findings([{ ...config, webhooks: [{ ...config.webhooks[0], failurePolicy: 'Ignore' }] }, ...service('policy', 'policy', [])]);
    expect(ignored.map((f) => f.category)).toEqual(['ServiceNoEndpoints']);
  });

  it('"failed calling webhook" is WebhookUnavailable; "denied the request" stays AdmissionDenied', () => {
    const failedCreate = (name: string, message: string): Json =>
      event('ReplicaSet', name, 'Warning', 'FailedCreate', message, { count: 5 });
    const result = findings([
      failedCreate('a-7d9c8b6f5d', 'Error creating: Internal error occurred: failed calling webhook "mpod.kb.io": failed to call webhook: Post "https://wh.sys.svc:443/mutate?timeout=10s": context deadline exceeded'),
      failedCreate('b-7d9c8b6f5d', 'Error creating: admission webhook "validate.kyverno.svc" denied the request: policy require-labels failed'),
    ]);
    expect(result.map((f) => [f.workload, f.category])).toEqual([
      ['Deployment/a', 'WebhookUnavailable'],
      ['Deployment/b', 'AdmissionDenied'],
    ]);
    expect(result[0]?.summary).toContain('webhook "mpod.kb.io" unreachable: context deadline exceeded');
  });

  it('a budget with unhealthy pods is their finding, naming the budget; a healthy budget with no drain is nothing', () => {
    const pdb = (allowed: number, healthy: number): Json => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'default' },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: allowed, currentHealthy: healthy, desiredHealthy: 2, expectedPods: 2 },
    });
    const sick = findings([pdb(0, 0), ...crashing('web-7d9c8b6f5d-aaaaa', 'web'), ...crashing('web-7d9c8b6f5d-bbbbb', 'web')]);
    expect(sick.map((f) => f.category)).toEqual(['CrashLoopBackOff']);
    expect(sick[0]?.summary).toContain('PodDisruptionBudget web blocks drains');
    const fine = [0, 1].map((i) => pod({ name: `web-7d9c8b6f5d-${'ab'[i] ?? ''}aaaa`, labels: { app: 'web' }, containers: [{ name: 'app', ready: true, state: running }] }));
    expect(findings([pdb(0, 2), ...fine])).toEqual([]);
  });
});

describe('CronJobs, Jobs and autoscalers', () => {
  const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'default' }, spec: { schedule: '0 * * * *' } };
  const run = (name: string, outcome: 'Complete' | 'Failed', start: string): Json => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'backup', uid: 'uid-backup', controller: true }] },
    status: { startTime: start, conditions: [{ type: outcome, status: 'True', ...(outcome === 'Failed' ? { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' } : {}) }] },
  });

  it('a success after failed runs is history; a failed last run is CronJobFailing with the Job\'s cause', () => {
    expect(findings([cronJob, run('backup-1', 'Failed', '2024-05-01T10:00:00Z'), run('backup-2', 'Complete', '2024-05-01T11:00:00Z')])).toEqual([]);
    const failing = findings([cronJob, run('backup-1', 'Complete', '2024-05-01T10:00:00Z'), run('backup-2', 'Failed', '2024-05-01T11:00:00Z')]);
    expect(failing).toMatchObject([{ category: 'CronJobFailing', name: 'backup', related: [{ kind: 'Job', namespace: 'default', name: 'backup-2' }] }]);
    expect(failing[0]?.rootCause).toContain('Job backup-2: condition Failed (DeadlineExceeded): Job was active longer than specified deadline');
  });

  it('missed runs (FailedNeedsStart) are CronJobFailing', () => {
    const missed = event('CronJob', 'backup', 'Warning', 'FailedNeedsStart', 'Cannot determine if job needs to be started: Too many missed start time (> 100). Set or decrease .spec.startingDeadlineSeconds or check clock skew.', { count: 64 });
    expect(findings([cronJob, missed])).toMatchObject([{ category: 'CronJobFailing', summary: expect.stringContaining('runs are missed') as unknown }]);
  });

  it('a Job that completed after a failed attempt is not a failure', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'default' }, status: { failed: 1, succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } };
    const failedAttempt = pod({ name: 'migrate-abcde', owner: { kind: 'Job', name: 'migrate' }, phase: 'Failed', containers: [{ name: 'm', state: terminated('Error', 1) }] });
    expect(findings([job, failedAttempt])).toEqual([]);
    // Without its Job's completion the failed pod is still reported.
    expect(findings([failedAttempt]).length).toBe(1);
  });

  it('an HPA pinned at maxReplicas is medium after 30 minutes, nothing before', () => {
    const hpa = (since: string): Json => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 4 },
      status: { currentReplicas: 4, desiredReplicas: 4, conditions: [{ type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', lastTransitionTime: since }] },
    });
    expect(findings([hpa('2024-05-01T10:00:00Z')])).toMatchObject([{ category: 'AutoscalerFailing', severity: 'medium', workload: 'Deployment/web' }]);
    expect(findings([hpa('2024-05-01T11:50:00Z')])).toEqual([]);
  });
});
