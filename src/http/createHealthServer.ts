import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { healthRoutes, type HealthRoutesOptions } from './healthRoutes.js';

/** A running health server. */
export interface HealthServer {
  server: Server;
  /** The port it listens on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `healthRoutes` on their own port, for roles without the Slack HTTP receiver (watcher,
 * worker). Unknown paths get 404.
 */
export async function createHealthServer(options: HealthRoutesOptions & { port: number; host?: string }): Promise<HealthServer> {
  const routes = new Map(healthRoutes(options).map((route) => [route.path, route]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://health').pathname;
    const route = routes.get(path);
    if (!route || req.method !== route.method) {
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
