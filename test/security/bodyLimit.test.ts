import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/healthRoutes.js';
import { MAX_BODY_BYTES } from '../../src/http/readLimitedBody.js';
import { createSlackApp, type SlackApp } from '../../src/slack/createSlackApp.js';
import { freePort } from '../e2e/spawnBot.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slackSocket.js';
import { slackAppOptions, startHarness, type Harness } from '../slack/harness.js';

const BIG = 400 * 1024 * 1024;
let h: Harness;
let slackApp: SlackApp | undefined;
let socket: FakeSocketMode | undefined;

beforeEach(async () => {
  h = await startHarness('body-limit', []);
});
afterEach(async () => {
  await slackApp?.stop();
  await socket?.close();
  slackApp = undefined;
  socket = undefined;
  await h.close();
});

function appOptions(port: number) {
  return slackAppOptions(h, { port, customRoutes: healthRoutes({ metrics: h.metrics, checks: {} }) });
}

/**
 * Streams up to `total` bytes (chunked, or with `declare` as Content-Length) until the server
 * answers or closes; returns the status and how many bytes were written by then.
 */
async function flood(port: number, path: string, total: number, headers: Record<string, string> = {}): Promise<{ status: number | undefined; sent: number; ms: number }> {
  const started = Date.now();
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve) => {
    let sent = 0;
    let status: number | undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ status, sent, ms: Date.now() - started });
    };
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      status = res.statusCode;
      res.resume();
      res.on('end', finish);
      res.on('error', finish);
    });
    req.on('error', () => (status === undefined ? setTimeout(finish, 50) : finish()));
    req.on('close', () => setTimeout(finish, 50));
    const write = () => {
      while (!done && status === undefined && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (sent >= total) req.end();
    };
    write();
  });
}

describe('every HTTP body is capped (issue 13, item 2)', () => {
  it('answers a 400 MB streamed body with a junk signature 413 after about 1 MB, and the process does not grow', async () => {
    slackApp = createSlackApp(appOptions(0));
    const { port } = await slackApp.start();
    const rssBefore = process.memoryUsage().rss;
    const result = await flood(Number(port), '/slack/events', BIG, {
      'x-slack-signature': 'v0=junk',
      'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
    });
    expect(result.status).toBe(413);
    // Refused after the limit, not after the whole body: a few MB in flight at most.
    expect(result.sent).toBeLessThan(64 * MAX_BODY_BYTES);
    expect(result.ms).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    // The server still answers.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('refuses a declared Content-Length over the limit on any route before reading it (HTTP mode)', async () => {
    slackApp = createSlackApp(appOptions(0));
    const { port } = await slackApp.start();
    for (const path of ['/slack/events', '/healthz', '/nowhere']) {
      const result = await flood(Number(port), path, 4 * MAX_BODY_BYTES, { 'content-length': String(BIG) });
      expect(result.status, path).toBe(413);
    }
  });

  it('refuses a declared Content-Length over the limit in Socket Mode too', async () => {
    socket = await startFakeSocketMode();
    h.slack.socketModeUrl = socket.url;
    const port = await freePort();
    slackApp = createSlackApp({ ...appOptions(port), appToken: 'xapp-1-test' });
    await slackApp.start();
    const result = await flood(port, '/healthz', 4 * MAX_BODY_BYTES, { 'content-length': String(BIG) });
    expect(result.status).toBe(413);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
