import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';

/**
 * The largest request body the bot accepts on any route. Slack's payloads and Alertmanager's
 * webhooks are far below it; anything larger is refused before it is buffered.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A body over the limit: answer 413 and read no further. */
export class BodyTooLargeError extends Error {
  readonly code = 'BODY_TOO_LARGE';
  readonly status = 413;
  constructor(readonly limitBytes: number) {
    super(`request body is larger than ${limitBytes} bytes`);
  }
}

/**
 * Reads a request body as UTF-8, refusing at once when `Content-Length` says it is too large and
 * stopping as soon as a chunked body passes the limit, so an unauthenticated sender can never
 * make the process buffer more than `limitBytes`.
 */
export async function readLimitedBody(req: IncomingMessage, limitBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  try {
    return await getRawBody(req, { limit: limitBytes, encoding: 'utf8' });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') throw new BodyTooLargeError(limitBytes);
    throw error;
  }
}
