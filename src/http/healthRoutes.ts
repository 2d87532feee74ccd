import type { ServerResponse } from 'node:http';
import type { Metrics } from '../metrics.js';
import { withTimeout } from '../withTimeout.js';
import type { HttpRoute } from './createHttpServer.js';

/** A readiness check: resolves when the dependency answers, rejects (or times out) when not. */
export type ReadinessCheck = () => Promise<unknown>;

/** Options of `healthRoutes`. */
export interface HealthRoutesOptions {
  metrics: Metrics;
  /** Named checks for /readyz, e.g. `{ redis: redisCheck(redis), kube: kubeCheck(kc) }`. */
  checks: Record<string, ReadinessCheck>;
  /** Runs before each /metrics scrape, e.g. to refresh the queue depth gauge. */
  onScrape?: () => Promise<void>;
  /** A check slower than this fails; default 2 s. */
  checkTimeoutMs?: number;
}

function send(res: ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * `/metrics` (the prom-client registry), `/healthz` (the process answers) and `/readyz` (every
 * check passes: 200, else 503 with the failing check's message) as plain route handlers.
 */
export function healthRoutes(options: HealthRoutesOptions): HttpRoute[] {
  const { metrics, checks } = options;
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  return [
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) => {
        void (async () => {
          try {
            if (options.onScrape) await withTimeout(options.onScrape, timeoutMs);
          } catch {
            // A failed refresh must not hide every other metric; the gauge keeps its last value.
            metrics.errors.inc({ component: 'metrics', code: 'SCRAPE_REFRESH' });
          }
          send(res, 200, metrics.registry.contentType, await metrics.registry.metrics());
        })().catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
      },
    },
    { path: '/healthz', method: 'GET', handler: (_req, res) => send(res, 200, 'application/json', '{"status":"ok"}') },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) => {
        void (async () => {
          const names = Object.keys(checks);
          const results = await Promise.allSettled(names.map((name) => withTimeout(checks[name] ?? (async () => undefined), timeoutMs)));
          const report: Record<string, string> = {};
          results.forEach((result, i) => {
            report[names[i] ?? ''] = result.status === 'fulfilled' ? 'ok' : String((result.reason as Error)?.message ?? result.reason);
          });
          const ready = results.every((r) => r.status === 'fulfilled');
          send(res, ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ok' : 'unavailable', checks: report }));
        })();
      },
    },
  ];
}
