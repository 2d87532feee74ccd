import type { IncomingMessage, RequestListener } from 'node:http';
import type { HttpRoute } from '../http/createHttpServer.js';
import { refuseTooLarge } from '../http/createHttpServer.js';
import { BodyTooLargeError, readLimitedBody } from '../http/readLimitedBody.js';
import type { Logger } from '../logger.js';

/** Slack's own rule: a request signed more than five minutes away from now is refused. */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;

/**
 * The Slack events endpoint in front of Bolt's HTTP receiver (`listener`). Bolt buffers the body
 * with no limit before it checks the signature, and refuses only timestamps from the past; here a
 * timestamp more than five minutes off in either direction is refused (401) before the body is
 * read, and the body is read with `readLimitedBody` (413 past the limit). Bolt then takes the
 * buffered body as it is (it skips its own read when `rawBody` is set) and checks the signature.
 */
export function slackEventsRoute(options: { path: string; listener: RequestListener; logger: Logger; now?: () => number }): HttpRoute {
  const now = options.now ?? Date.now;
  return {
    path: options.path,
    method: 'POST',
    handler: (req, res) => {
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      if (!Number.isFinite(timestamp) || Math.abs(now() / 1000 - timestamp) > MAX_CLOCK_SKEW_SEC) {
        options.logger.warn({ timestamp: req.headers['x-slack-request-timestamp'] }, 'Slack request refused: timestamp missing or more than 5 minutes off');
        res.writeHead(401, { connection: 'close' });
        res.end(() => res.destroy());
        return;
      }
      readLimitedBody(req).then(
        (body) => {
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = Buffer.from(body, 'utf8');
          void options.listener(req, res);
        },
        (error: unknown) => {
          if (error instanceof BodyTooLargeError) {
            options.logger.warn({ limitBytes: error.limitBytes }, 'Slack request refused: body too large');
            return refuseTooLarge(res);
          }
          options.logger.warn({ err: error }, 'Slack request: could not read the body');
          res.writeHead(400, { connection: 'close' });
          res.end(() => res.destroy());
        },
      );
    },
  };
}
