import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES } from './readLimitedBody.js';

/** One route on PORT. A route that reads a body reads it with `readLimitedBody`. */
export interface HttpRoute {
  path: string;
  method: 'GET' | 'POST';
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A running HTTP server. */
export interface HttpServer {
  server: Server;
  /** The port it listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * The one HTTP server of a process (Slack events, `/metrics`, `/healthz`, `/readyz`, any other
 * route): a request that declares a body over `MAX_BODY_BYTES` is answered 413 before any handler
 * runs, whatever its route; unknown paths get 404. Bodies sent without a length are capped by the
 * route that reads them (`readLimitedBody`); no route buffers a body without that cap.
 */
export async function createHttpServer(options: { routes: readonly HttpRoute[]; port: number; host?: string }): Promise<HttpServer> {
  const routes = new Map(options.routes.map((route) => [`${route.method} ${route.path}`, route]));
  const server = createServer((req, res) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return refuseTooLarge(res);
    const path = new URL(req.url ?? '/', 'http://bot').pathname;
    const route = routes.get(`${req.method ?? 'GET'} ${path}`);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/**
 * 413 and the connection closed, so the sender stops sending: reading (and dropping) the rest of
 * a 400 MB body would still cost the time and the bandwidth.
 */
export function refuseTooLarge(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
  res.end(`request body is larger than ${MAX_BODY_BYTES} bytes`, () => res.destroy());
}
