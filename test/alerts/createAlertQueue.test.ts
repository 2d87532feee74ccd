import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alertmanagerPayload.js';
import { alertmanagerRoute } from '../../src/alerts/alertmanagerRoute.js';
import { createAlertQueue, type AlertQueue } from '../../src/alerts/createAlertQueue.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { connectRedis, deletePrefix, testPrefix } from '../helpers/redis.js';

const WEBHOOKS = 20;

const alert = (i: number): Alert => ({
  status: 'firing',
  labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: `web-${i}` },
  annotations: {},
  startsAt: '2026-12-02T03:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint: `f${i}`,
});

describe('createAlertQueue', () => {
  const redis = connectRedis();
  const prefix = testPrefix('alertqueue');
  let alerts: AlertQueue;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    alerts = createAlertQueue(redis, prefix);
    const route = alertmanagerRoute({
      token: 't',
      isIgnored: () => false,
      enqueue: async (job, jobId) => {
        await alerts.queue.add('alerts', job, { jobId });
      },
      logger: createLogger('silent'),
      metrics: createMetrics(),
    });
    server = createServer(route.handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    await alerts.queue.waitUntilReady();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await alerts.close();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  it('acks a burst of webhooks after their jobs are in Redis, with far fewer Redis writes than webhooks', async () => {
    const socket = alerts.connection.stream;
    let writes = 0;
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      writes += 1;
      return write(...args);
    }) as typeof socket.write;
    // Alertmanager sends a group's webhooks at the same moment (one alert each with group_by ['...']),
    // and on a busy node they wait together until the receiver runs: sent on 20 connections while
    // this process is busy, they are all there when its event loop next reads.
    const connections = await Promise.all(Array.from({ length: WEBHOOKS }, () => new Promise<Socket>((resolve) => {
      const connection = connect(port, '127.0.0.1', () => resolve(connection));
    })));
    // The receiver has accepted them all (Alertmanager's connections are open before a storm).
    const accepted = (): Promise<number> => new Promise((resolve) => server.getConnections((_, count) => resolve(count)));
    while ((await accepted()) < WEBHOOKS) await new Promise((resolve) => setTimeout(resolve, 10));
    const answers = connections.map((connection) => new Promise<string>((resolve) => {
      let text = '';
      connection.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      // `connection: close`: the receiver ends the connection after its answer.
      connection.on('end', () => resolve(text));
    }));
    for (const [i, connection] of connections.entries()) {
      const body = JSON.stringify({ version: '4', groupKey: `{}:{pod="web-${i}"}`, status: 'firing', receiver: 'bot', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am:9093', alerts: [alert(i)] });
      connection.write(`POST /alertmanager HTTP/1.1\r\nhost: bot\r\nauthorization: Bearer t\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    }
    const busyUntil = Date.now() + 50;
    while (Date.now() < busyUntil);
    const texts = await Promise.all(answers);
    for (const connection of connections) connection.destroy();
    socket.write = write as typeof socket.write;
    expect(texts.map((text) => text.split(' ')[1])).toEqual(Array.from({ length: WEBHOOKS }, () => '200'));
    // Every acked job is in Redis, with its own webhook's alert.
    for (const [i, text] of texts.entries()) {
      // The answer's JSON, whatever its transfer encoding.
      const { job: jobId } = JSON.parse(/\{.*\}/s.exec(text)?.[0] ?? '{}') as { job: string };
      const job = await alerts.queue.getJob(jobId);
      expect(job?.data.alerts.map((a) => a.fingerprint)).toEqual([`f${i}`]);
    }
    // One round trip each would be WEBHOOKS writes; adds that wait together share one.
    expect(writes).toBeLessThanOrEqual(WEBHOOKS / 2);
  });
});
