import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import { createSlackApp, type SlackApp } from '../../src/slack/createSlackApp.js';
import type { FollowupJobData } from '../../src/slack/types.js';
import { createSlackSigner, type SlackSigner } from '../fakes/slack.js';
import { caseAThread, SIGNING_SECRET, slackAppOptions, startHarness, type Harness } from '../slack/harness.js';

const THREAD = '1760000000.000100';
let h: Harness;
let queues: Queues<FollowupJobData>;
let slackApp: SlackApp;
let signer: SlackSigner;

// The worker's follow-up handler is the only caller of the LLM and the cluster: no job, no call.
const jobs = async () => queues.followups.getJobs(['waiting', 'delayed', 'prioritized']);

beforeEach(async () => {
  h = await startHarness('questions', []);
  h.slack.userGroups.set('S0ONCALL', ['U0ONCALL']);
  queues = createQueues<FollowupJobData>({ connection: h.redis, prefix: `${h.prefix}:bull` });
  slackApp = createSlackApp(
    slackAppOptions(h, {
      enqueueFollowup: async (job, jobId) => {
        await queues.followups.add(job.type, job, { jobId });
      },
      allowedUsers: ['U0PERSON', 'S0ONCALL'],
    }),
  );
  const { port } = await slackApp.start();
  signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
  await h.store.save(caseAThread(THREAD));
});
afterEach(async () => {
  await slackApp.stop();
  await queues.close();
  await h.close();
});

const reply = (user: string, ts: string, text = 'what is the database password?') => ({ type: 'message', channel: 'C0OPS', channel_type: 'channel', user, text, ts, thread_ts: THREAD });

describe('thread questions obey SLACK_ALLOWED_USERS like the command and the buttons', () => {
  it('a question by someone not allowed: one ephemeral refusal (even as message and @mention), no job', async () => {
    await signer.event(reply('U0STRANGER', '1760000100.000200'));
    await signer.event({ ...reply('U0STRANGER', '1760000100.000200', '<@U0KDBBOT> what is the database password?'), type: 'app_mention' });
    await signer.event({ ...reply('U0STRANGER', '1760000100.000300', '<@U0KDBBOT> and the API key?'), type: 'app_mention' });
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(2));
    for (const call of h.slack.callsTo('chat.postEphemeral')) {
      expect(call.payload).toMatchObject({ channel: 'C0OPS', user: 'U0STRANGER', thread_ts: THREAD, text: expect.stringContaining('not allowed to ask me questions') });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(2);
    expect(await jobs()).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('allowed people, by id or through a user group, still get their question enqueued', async () => {
    await signer.event(reply('U0PERSON', '1760000100.000400', 'why does it exit?'));
    await signer.event({ ...reply('U0ONCALL', '1760000100.000500', '<@U0KDBBOT> since when?'), type: 'app_mention' });
    await vi.waitFor(async () => expect(await jobs()).toHaveLength(2));
    expect((await jobs()).map((j) => [j.data.user, 'text' in j.data ? j.data.text : undefined]).sort()).toEqual([
      ['U0ONCALL', 'since when?'],
      ['U0PERSON', 'why does it exit?'],
    ]);
    expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(0);
  });
});
