/**
 * The timing proxy of `bench/alerts.ts`, forked into a process of its own so that its clock is
 * not held up by the fakes that the bench process serves to the worker: in the same event loop,
 * a webhook's answer could wait behind a Kubernetes list or an LLM reply and be counted against
 * the receiver. It forwards every request to the port in argv[2] (keep-alive, as Alertmanager's
 * Go client) and sends the parent, per request, the milliseconds from its arrival to the moment
 * the whole answer was handed back to the sender: what Alertmanager waits for.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy tells its parent: its URL once listening, then one `ack` per answered request. */
export type TimingProxyMessage = { url: string } | { ack: number };

const upstreamPort = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true });
const tell = (message: TimingProxyMessage): void => {
  process.send?.(message);
};

const server = createServer((req, res) => {
  const started = performance.now();
  const upstream = request({ agent, host: '127.0.0.1', port: upstreamPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  res.on('finish', () => tell({ ack: performance.now() - started }));
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => tell({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
// The parent's end is ours: no orphan proxy when the bench fails.
process.on('disconnect', () => process.exit(0));
