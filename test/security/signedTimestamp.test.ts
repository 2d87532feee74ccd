import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../src/slack/createSlackApp.js';
import type { FollowupJobData } from '../../src/slack/types.js';
import { createSlackSigner, signSlackRequest, type SlackSigner } from '../fakes/slack.js';
import { SIGNING_SECRET, slackAppOptions, startHarness, type Harness } from '../slack/harness.js';

const SECRET = SIGNING_SECRET;
let h: Harness;
let slackApp: SlackApp;
let signer: SlackSigner;
const enqueued: FollowupJobData[] = [];

beforeEach(async () => {
  h = await startHarness('signed-timestamp', []);
  enqueued.length = 0;
  slackApp = createSlackApp(
    slackAppOptions(h, {
      enqueueFollowup: async (job) => {
        enqueued.push(job);
      },
    }),
  );
  const { port } = await slackApp.start();
  signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, responseUrl: h.slack.responseUrl });
});
afterEach(async () => {
  await slackApp.stop();
  await h.close();
});

const body = new URLSearchParams({ command: '/k8s-diagnose', text: 'pod/web -n default', user_id: 'U0PERSON', channel_id: 'C0OPS', channel_name: 'ops', trigger_id: 't.1', response_url: 'http://127.0.0.1:9/r' }).toString();
const signedAt = (offsetSec: number) => {
  const timestamp = Math.floor(Date.now() / 1000) + offsetSec;
  return signer.raw(body, 'application/x-www-form-urlencoded', { timestamp, signature: signSlackRequest(SECRET, timestamp, body) });
};

describe('signed requests are accepted only within 5 minutes of now, both ways (issue 13, item 8)', () => {
  it('refuses a correctly signed request dated 10 years or 6 minutes in the future, and one 6 minutes old', async () => {
    for (const offset of [10 * 365 * 86_400, 6 * 60, -6 * 60]) {
      expect((await signedAt(offset)).status, `offset ${offset}s`).toBe(401);
    }
    expect(enqueued).toEqual([]);
  });

  it('accepts one signed 4 minutes ahead (clock skew within the window)', async () => {
    expect((await signedAt(4 * 60)).status).toBe(200);
    expect(enqueued.map((job) => job.type)).toEqual(['command']);
  });
});
