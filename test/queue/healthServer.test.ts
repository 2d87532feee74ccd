import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/http/createHttpServer.js';
import { healthRoutes, type HealthRoutesOptions } from '../../src/http/healthRoutes.js';
import { kubeCheck, redisCheck } from '../../src/http/readinessChecks.js';
import { createMetrics } from '../../src/metrics.js';
import { createQueues } from '../../src/queue/createQueues.js';
import { updateQueueDepth } from '../../src/queue/updateQueueDepth.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';
import { connectRedis, deletePrefix, testPrefix } from '../helpers/redis.js';

let server: HttpServer | undefined;
const createHealthServer = (options: HealthRoutesOptions & { port: number; host?: string }) => createHttpServer({ ...options, routes: healthRoutes(options) });
let kube: FakeKube | undefined;
afterEach(async () => {
  await server?.close();
  await kube?.close();
  server = undefined;
  kube = undefined;
});

describe('healthRoutes on createHttpServer', () => {
  it('serves /healthz, /metrics with the queue depth, and /readyz from Redis and Kubernetes', async () => {
    kube = await startFakeKube();
    const redis = connectRedis();
    const prefix = testPrefix('health');
    const queues = createQueues({ connection: redis, prefix });
    await queues.incidents.add('new', { type: 'new' } as never, { delay: 60_000 });
    const metrics = createMetrics();
    server = await createHealthServer({
      port: 0,
      host: '127.0.0.1',
      metrics,
      checks: { redis: redisCheck(redis), kube: kubeCheck(kube.kubeConfig()) },
      onScrape: () => updateQueueDepth(queues, metrics),
    });
    const base = `http://127.0.0.1:${server.port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('kdb_queue_depth{queue="incidents"} 1');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { redis: 'ok', kube: 'ok' } });
    expect(kube.requests.some((r) => r.path.startsWith('/version'))).toBe(true);

    await kube.close();
    kube = undefined;
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { checks: Record<string, string> };
    expect(body.checks.redis).toBe('ok');
    expect(body.checks.kube).not.toBe('ok');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    await queues.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('still answers /metrics when the queue-depth refresh hangs (Redis down)', async () => {
    const metrics = createMetrics();
    server = await createHealthServer({ port: 0, metrics, checks: {}, checkTimeoutMs: 200, onScrape: () => new Promise<void>(() => undefined) });
    const started = Date.now();
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('kdb_errors_total{component="metrics",code="SCRAPE_REFRESH"} 1');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
