import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute } from '../http/createHttpServer.js';
import { BodyTooLargeError, readLimitedBody } from '../http/readLimitedBody.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { alertJobId } from './alertJobId.js';
import { alertmanagerPayloadSchema } from './alertmanagerPayload.js';
import type { AlertJobData } from './types.js';

/** The path Alertmanager's webhook receiver posts to. */
export const ALERTMANAGER_PATH = '/alertmanager';

/** Options of `alertmanagerRoute`. */
export interface AlertmanagerRouteOptions {
  /** `ALERTMANAGER_TOKEN`: the bearer token Alertmanager's `http_config.authorization` sends. */
  token: string;
  /** `ALERTMANAGER_IGNORE`, as a predicate on the alert name. */
  isIgnored: (alertname: string) => boolean;
  /** Puts the job on the `alerts` queue; `jobId` makes a re-sent notification a no-op. Must answer quickly. */
  enqueue: (job: AlertJobData, jobId: string) => Promise<void>;
  logger: Logger;
  metrics: Metrics;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

function send(res: ServerResponse, code: number, body: Record<string, unknown>): void {
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `POST /alertmanager`: checks the bearer token (in constant time), reads at most 1 MB, validates
 * Alertmanager's version 4 payload, drops ignored alert names and enqueues the rest as one job.
 * It never diagnoses inline, so it answers within Alertmanager's timeout whatever the LLM does.
 * 401 bad token, 413 too large, 400 bad JSON or payload (with the first problem), 503 queue down
 * (Alertmanager retries), 200 otherwise.
 */
export function alertmanagerRoute(options: AlertmanagerRouteOptions): HttpRoute {
  const { logger, metrics } = options;
  const expected = digest(`Bearer ${options.token}`);
  const fail = (res: ServerResponse, code: number, error: string, detail?: string): void => {
    metrics.errors.inc({ component: 'alertmanager', code: String(code) });
    send(res, code, { error, ...(detail === undefined ? {} : { detail }) });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    // Hashing both sides gives equal lengths, so the comparison time says nothing about the token.
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      logger.warn({ remote: req.socket.remoteAddress }, 'alertmanager: wrong or missing bearer token');
      return fail(res, 401, 'unauthorized');
    }
    let raw: string;
    try {
      raw = await readLimitedBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return fail(res, 413, 'payload too large', error.message);
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return fail(res, 400, 'body is not JSON', (error as Error).message);
    }
    const parsed = alertmanagerPayloadSchema.safeParse(json);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      const detail = issue === undefined ? 'invalid' : `${issue.path.join('.') || '(root)'}: ${issue.message}`;
      logger.warn({ detail }, 'alertmanager: invalid payload');
      return fail(res, 400, 'not an Alertmanager webhook payload (version 4)', detail);
    }
    const payload = parsed.data;
    // `max_alerts` cut the group: the rest are not in this webhook, and the channel should not guess them.
    if (payload.truncatedAlerts > 0) logger.warn({ truncatedAlerts: payload.truncatedAlerts, groupKey: payload.groupKey }, 'alertmanager: webhook truncated by max_alerts; raise it or set it to 0');
    const alerts = payload.alerts.filter((a) => !options.isIgnored(a.labels.alertname ?? ''));
    const ignored = payload.alerts.length - alerts.length;
    if (alerts.length === 0) return send(res, 200, { accepted: 0, ignored });
    const jobId = alertJobId(alerts);
    try {
      await options.enqueue({ alerts, externalURL: payload.externalURL }, jobId);
    } catch (error) {
      logger.error({ err: error, jobId }, 'alertmanager: could not enqueue; Alertmanager will retry');
      return fail(res, 503, 'queue unavailable');
    }
    send(res, 200, { accepted: alerts.length, ignored, job: jobId });
    logger.info({ jobId, accepted: alerts.length, ignored, groupKey: payload.groupKey, status: payload.status, ms: Math.round((performance.now() - started) * 10) / 10 }, 'alertmanager: alerts queued');
  };

  return {
    path: ALERTMANAGER_PATH,
    method: 'POST',
    handler: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'alertmanager: request failed');
        if (!res.headersSent) fail(res, 500, 'internal error');
      });
    },
  };
}
