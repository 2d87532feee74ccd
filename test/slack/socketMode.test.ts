import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/healthRoutes.js';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import { createSlackApp, type SlackApp } from '../../src/slack/createSlackApp.js';
import type { FollowupJobData } from '../../src/slack/types.js';
import { freePort } from '../e2e/spawnBot.js';
import { startFakeSocketMode, type FakeSocketMode } from '../fakes/slackSocket.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
let socket: FakeSocketMode;
let queues: Queues<FollowupJobData>;
let slackApp: SlackApp;
let port: number;

beforeEach(async () => {
  h = await startHarness('socket-mode', []);
  socket = await startFakeSocketMode();
  h.slack.socketModeUrl = socket.url;
  queues = createQueues<FollowupJobData>({ connection: h.redis, prefix: `${h.prefix}:bull` });
  port = await freePort();
  slackApp = createSlackApp({
    botToken: 'xoxb-test',
    appToken: 'xapp-1-test',
    slackApiUrl: h.slack.url,
    port,
    logger: h.logger,
    metrics: h.metrics,
    store: h.store,
    enqueueFollowup: async (job, jobId) => {
      await queues.followups.add(job.type, job, { jobId });
    },
    allowedNamespaces: ['k8s-*'],
    customRoutes: healthRoutes({ metrics: h.metrics, checks: {} }),
  });
});

afterEach(async () => {
  await slackApp.stop();
  await queues.close();
  await socket.close();
  await h.close();
});

describe('Socket Mode (SLACK_APP_TOKEN)', () => {
  it('connects through apps.connections.open, answers a command over the socket, and serves the health routes on PORT', async () => {
    const started = await slackApp.start();
    expect(started.port).toBe(port);
    await socket.connected();
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const ack = await socket.send({
      type: 'slash_commands',
      payload: { command: '/k8s-diagnose', text: 'deployment/test-deployment -n k8s-and-chatgpt', user_id: 'U0PERSON', channel_id: 'C0OPS', team_id: 'T0KDB', response_url: h.slack.responseUrl(), trigger_id: 'trig.socket' },
    });
    expect(String(ack?.text)).toMatch(/deployment\/test-deployment/);
    const jobs = await queues.followups.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.map((job) => job.data.type)).toEqual(['command']);
  });
});
