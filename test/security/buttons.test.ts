import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import { createSlackApp, type SlackApp } from '../../src/slack/createSlackApp.js';
import type { FollowupJobData } from '../../src/slack/types.js';
import { createSlackSigner, type SlackSigner } from '../fakes/slack.js';
import { caseAThread, SIGNING_SECRET, slackAppOptions, startHarness, type Harness } from '../slack/harness.js';

const THREAD = '1760000000.000100';
let h: Harness;
let queues: Queues<FollowupJobData>;
const apps: SlackApp[] = [];
let signers: SlackSigner[];

/** The Slack process that receives click `n`: they alternate. */
function signer(n: number): SlackSigner {
  const chosen = signers[n % signers.length];
  if (chosen === undefined) throw new Error('no Slack process started');
  return chosen;
}

const jobs = async () => queues.followups.getJobs(['waiting', 'delayed', 'prioritized']);

/** One Slack-role process: its own Bolt app and HTTP server, the shared Redis. */
async function startSlackRole(): Promise<SlackSigner> {
  const app = createSlackApp(
    slackAppOptions(h, {
      enqueueFollowup: async (job, jobId) => {
        await queues.followups.add(job.type, job, { jobId });
      },
      allowedUsers: ['U0PERSON', 'S0ONCALL'],
    }),
  );
  apps.push(app);
  const { port } = await app.start();
  return createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
}

beforeEach(async () => {
  h = await startHarness('buttons', []);
  h.slack.userGroups.set('S0ONCALL', ['U0ONCALL']);
  queues = createQueues<FollowupJobData>({ connection: h.redis, prefix: `${h.prefix}:bull` });
  signers = [await startSlackRole(), await startSlackRole()];
  await h.store.save(caseAThread(THREAD));
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await queues.close();
  await h.close();
});

const click = (actionId: string, user: string, n: number) => ({
  type: 'block_actions',
  user: { id: user, username: user.toLowerCase(), team_id: 'T0KDB' },
  channel: { id: 'C0OPS', name: 'ops' },
  container: { type: 'message', message_ts: THREAD, channel_id: 'C0OPS' },
  message: { type: 'message', ts: THREAD, text: 'CrashLoopBackOff' },
  trigger_id: `trig.${n}`,
  actions: [{ action_id: actionId, block_id: 'b1', type: 'button', value: 'fp-case-a-1', action_ts: `1760000200.${String(n).padStart(6, '0')}` }],
});

describe('buttons obey SLACK_ALLOWED_USERS and re-diagnose is throttled (issue 13, item 5)', () => {
  it('ten Re-diagnose clicks by a user who is not allowed: nothing enqueued, nothing posted, ephemeral refusals', async () => {
    for (let n = 0; n < 10; n += 1) expect((await signer(n).interaction(click('kdb_rediagnose', 'U0STRANGER', n))).status).toBe(200);
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(10));
    for (const call of h.slack.callsTo('chat.postEphemeral')) expect(call.payload).toMatchObject({ user: 'U0STRANGER', text: expect.stringContaining('not allowed to re-diagnose') });
    expect(await jobs()).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('ten clicks by allowed people on two processes within a minute: one re-diagnosis', async () => {
    for (let n = 0; n < 10; n += 1) await signer(n).interaction(click('kdb_rediagnose', n % 3 === 0 ? 'U0ONCALL' : 'U0PERSON', n));
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(9));
    expect(await jobs()).toHaveLength(1);
    for (const call of h.slack.callsTo('chat.postEphemeral')) expect(String(call.payload.text)).toContain('less than a minute ago');
  });

  it('mute buttons refuse the same people', async () => {
    await signer(0).interaction(click('kdb_mute_24h', 'U0STRANGER', 1));
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(1));
    expect(await h.store.mutedUntil('fp-case-a')).toBeUndefined();
  });
});
