import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertJobId } from '../../src/alerts/alertJobId.js';
import { alertmanagerPayloadSchema, type Alert } from '../../src/alerts/alertmanagerPayload.js';
import { alertmanagerRoute } from '../../src/alerts/alertmanagerRoute.js';
import { alertTarget } from '../../src/alerts/alertTarget.js';
import { alertWorkload } from '../../src/alerts/alertWorkload.js';
import { isIgnoredAlert } from '../../src/alerts/isIgnoredAlert.js';
import type { AlertJobData } from '../../src/alerts/types.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { healthyWorkloads } from './healthyWorkloads.js';

/** Labels as kube-prometheus-stack's rules put them on real alerts. */
const KSM = { job: 'kube-state-metrics', pod: 'kps-kube-state-metrics-6d9f7c-x2x4q', service: 'kps-kube-state-metrics', container: 'kube-state-metrics' };

const alert = (labels: Record<string, string>, more: Partial<Alert> = {}): Alert => ({
  status: 'firing',
  labels: { alertname: 'KubePodCrashLooping', ...labels },
  annotations: {},
  startsAt: '2026-12-02T03:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint: 'f1',
  ...more,
});

describe('alertTarget', () => {
  it('takes the workload label over the pod and service of the kube-state-metrics target', () => {
    expect(alertTarget({ alertname: 'KubeDeploymentReplicasMismatch', namespace: 'shop', deployment: 'cart', ...KSM })).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'cart' });
    expect(alertTarget({ namespace: 'shop', statefulset: 'db', ...KSM })).toEqual({ kind: 'StatefulSet', namespace: 'shop', name: 'db' });
    expect(alertTarget({ namespace: 'shop', daemonset: 'agent' })?.kind).toBe('DaemonSet');
    expect(alertTarget({ namespace: 'batch', job_name: 'nightly-28911' })).toEqual({ kind: 'Job', namespace: 'batch', name: 'nightly-28911' });
    expect(alertTarget({ namespace: 'batch', cronjob: 'nightly' })?.kind).toBe('CronJob');
    expect(alertTarget({ namespace: 'shop', horizontalpodautoscaler: 'cart', ...KSM })?.kind).toBe('HorizontalPodAutoscaler');
    expect(alertTarget({ namespace: 'monitoring', persistentvolumeclaim: 'data-prom-0', node: 'n1', service: 'kubelet' })).toEqual({ kind: 'PersistentVolumeClaim', namespace: 'monitoring', name: 'data-prom-0' });
  });

  it('reads a pod, then a service, then a node', () => {
    expect(alertTarget({ namespace: 'shop', pod: 'cart-7d9c8b5f4-x2x4q', container: 'app' })).toEqual({ kind: 'Pod', namespace: 'shop', name: 'cart-7d9c8b5f4-x2x4q' });
    expect(alertTarget({ namespace: 'shop', service: 'cart' })?.kind).toBe('Service');
    expect(alertTarget({ node: 'worker-3', instance: '10.0.0.3:9100' })).toEqual({ kind: 'Node', namespace: '', name: 'worker-3' });
  });

  it('finds nothing in a cluster-wide alert, nor in an object label without a namespace', () => {
    expect(alertTarget({ alertname: 'Watchdog', severity: 'none' })).toBeUndefined();
    expect(alertTarget({ alertname: 'X', deployment: 'cart' })).toBeUndefined();
    expect(alertTarget({ alertname: 'KubeQuotaAlmostFull', namespace: 'shop', resourcequota: 'q' })).toBeUndefined();
  });
});

describe('alertWorkload', () => {
  const { objects, pods } = healthyWorkloads('shop', 2);
  const { snapshot } = snapshotFromObjects(objects);

  it('resolves a pod through its ReplicaSet to its Deployment, and a gone pod from its name', () => {
    const pod = pods(1)[0] ?? '';
    expect(alertWorkload({ kind: 'Pod', namespace: 'shop', name: pod }, snapshot)).toBe('Deployment/web-001');
    expect(alertWorkload({ kind: 'Pod', namespace: 'shop', name: 'gone-7d9c8b5f4-zzzzz' }, snapshot)).toBe('Deployment/gone');
    expect(alertWorkload({ kind: 'Pod', namespace: 'shop', name: 'debug' }, snapshot)).toBe('Pod/debug');
  });

  it('names other objects as themselves, like the analyzer', () => {
    expect(alertWorkload({ kind: 'StatefulSet', namespace: 'shop', name: 'db' }, snapshot)).toBe('StatefulSet/db');
    expect(alertWorkload({ kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'unmounted' }, snapshot)).toBe('PersistentVolumeClaim/unmounted');
    expect(alertWorkload({ kind: 'Node', namespace: '', name: 'n1' }, snapshot)).toBe('Node/n1');
  });
});

describe('alert payload and ids', () => {
  it('says which field is wrong', () => {
    const result = alertmanagerPayloadSchema.safeParse({ version: '4', groupKey: 'g', status: 'firing', receiver: 'bot', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', alerts: [{ status: 'burning' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['alerts', 0, 'status']);
  });

  it('gives a repeat of the same alerts the same job id, whatever a firing endsAt says; a resolution another', () => {
    const a = alert({ namespace: 'shop', pod: 'p' });
    const b = alert({ namespace: 'shop', pod: 'q' }, { fingerprint: 'f2' });
    expect(alertJobId([a, b])).toBe(alertJobId([b, { ...a, endsAt: '2026-12-02T03:05:00Z' }]));
    expect(alertJobId([a])).not.toBe(alertJobId([{ ...a, status: 'resolved', endsAt: '2026-12-02T03:05:00Z' }]));
    expect(alertJobId([a])).not.toBe(alertJobId([{ ...a, startsAt: '2026-12-02T04:00:00Z' }]));
  });

  it('ignores alert names by glob', () => {
    const ignored = isIgnoredAlert(['Watchdog', 'Info*']);
    expect([ignored('Watchdog'), ignored('InfoInhibitor'), ignored('KubePodCrashLooping')]).toEqual([true, true, false]);
    expect(isIgnoredAlert([])('Watchdog')).toBe(false);
  });
});

describe('POST /alertmanager', () => {
  let server: Server;
  let url: string;
  const queued: { job: AlertJobData; jobId: string }[] = [];
  const payload = (alerts: Alert[]) => ({ version: '4', groupKey: '{}:{}', truncatedAlerts: 0, status: 'firing', receiver: 'bot', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am:9093', alerts });
  const post = (body: unknown, token = 's3cret-token') =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  beforeAll(async () => {
    const route = alertmanagerRoute({
      token: 's3cret-token',
      isIgnored: isIgnoredAlert(['Watchdog']),
      enqueue: async (job, jobId) => {
        queued.push({ job, jobId });
      },
      logger: createLogger('silent'),
      metrics: createMetrics(),
    });
    server = createServer(route.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alertmanager`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a wrong or missing token with 401 and queues nothing', async () => {
    expect((await post(payload([alert({})]), 'wrong')).status).toBe(401);
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(401);
    expect(queued).toHaveLength(0);
  });

  it('answers 400 with the problem for bad JSON and for a payload that is not version 4', async () => {
    const notJson = await post('{"version":');
    expect(notJson.status).toBe(400);
    const v3 = await post({ ...payload([]), version: '3' });
    expect(v3.status).toBe(400);
    expect(((await v3.json()) as { detail: string }).detail).toMatch(/^version: /);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const res = await post(payload([alert({ namespace: 'shop', pod: 'p' }, { annotations: { description: 'x'.repeat(1024 * 1024) } })]));
    expect(res.status).toBe(413);
  });

  it('queues the alerts that are not ignored, under a deterministic job id', async () => {
    const kept = alert({ namespace: 'shop', pod: 'p' });
    const res = await post(payload([kept, alert({ alertname: 'Watchdog' }, { fingerprint: 'w' })]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, ignored: 1, job: alertJobId([kept]) });
    expect(queued.at(-1)?.job.alerts.map((a) => a.fingerprint)).toEqual(['f1']);
  });

  it('answers 503 when the queue does not take the job, so Alertmanager retries', async () => {
    const route = alertmanagerRoute({
      token: 't',
      isIgnored: () => false,
      enqueue: () => Promise.reject(new Error('no answer within 1500 ms')),
      logger: createLogger('silent'),
      metrics: createMetrics(),
    });
    const down = createServer(route.handler);
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(down.address() as AddressInfo).port}/alertmanager`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: JSON.stringify(payload([alert({ namespace: 'shop', pod: 'p' })])),
      });
      expect(res.status).toBe(503);
    } finally {
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });
});
