import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import { createSlackApp, type SlackApp } from '../../src/slack/createSlackApp.js';
import type { FollowupJobData } from '../../src/slack/types.js';
import { createSlackSigner, signSlackRequest, type SlackSigner } from '../fakes/slack.js';
import { caseAThread, SIGNING_SECRET, slackAppOptions, startHarness, type Harness } from './harness.js';

const SECRET = SIGNING_SECRET;
const THREAD = '1760000000.000100';
let h: Harness;
let queues: Queues<FollowupJobData>;
let slackApp: SlackApp;
let signer: SlackSigner;

const jobs = async () => (await queues.followups.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => ({ id: j.id, data: j.data }));

beforeEach(async () => {
  h = await startHarness('slack-app', []);
  queues = createQueues<FollowupJobData>({ connection: h.redis, prefix: `${h.prefix}:bull` });
  slackApp = createSlackApp(
    slackAppOptions(h, {
      enqueueFollowup: async (job, jobId) => {
        await queues.followups.add(job.type, job, { jobId });
      },
      allowedNamespaces: ['k8s-*', 'default'],
      allowedChannels: ['C0OPS', '#sre'],
      allowedUsers: ['U0PERSON', 'S0ONCALL'],
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 },
    }),
  );
  const { port } = await slackApp.start();
  signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, responseUrl: h.slack.responseUrl });
  const record = caseAThread(THREAD);
  await h.store.save(record);
});
afterEach(async () => {
  await slackApp.stop();
  await queues.close();
  await h.close();
});

describe('Bolt HTTP receiver', () => {
  it('refuses a forged signature and a stale timestamp', async () => {
    const body = new URLSearchParams({ command: '/k8s-diagnose', text: 'help', user_id: 'U0PERSON', channel_id: 'C0OPS' }).toString();
    const forged = await signer.raw(body, 'application/x-www-form-urlencoded', { signature: signSlackRequest('wrong-secret', Math.floor(Date.now() / 1000), body) });
    expect(forged.status).toBe(401);
    const staleAt = Math.floor(Date.now() / 1000) - 10 * 60;
    const stale = await signer.raw(body, 'application/x-www-form-urlencoded', { timestamp: staleAt, signature: signSlackRequest(SECRET, staleAt, body) });
    expect(stale.status).toBe(401);
    const good = await signer.command('/k8s-diagnose', 'help');
    expect(good.status).toBe(200);
  });
});

describe('/k8s-diagnose listener', () => {
  it('acks within the request with "Diagnosing…" and enqueues the parsed command', async () => {
    const response = await signer.command('/k8s-diagnose', 'deploy/test-deployment -n k8s-and-chatgpt', { trigger_id: 'trig.1' });
    expect(response.json).toEqual({ response_type: 'ephemeral', text: 'Diagnosing deployment/test-deployment in k8s-and-chatgpt…' });
    expect(await jobs()).toEqual([
      {
        id: 'cmd-trig.1',
        data: expect.objectContaining({ type: 'command', channel: 'C0OPS', user: 'U0PERSON', requestId: 'trig.1', command: { type: 'resource', kind: 'deployment', name: 'test-deployment', namespace: 'k8s-and-chatgpt' } }),
      },
    ]);
  });

  it.each([
    ['help', {}, /Usage:/],
    ['', {}, /Usage:/],
    ['cronjob/x', {}, /Unknown kind `cronjob`[\s\S]*Usage:/],
    ['deployment/web -n prod', {}, /may not read namespace `prod`/],
    ['node/worker-1', {}, /may not read cluster-scoped/],
    ['deployment/web -n default', { channel_id: 'C0RANDOM', channel_name: 'random' }, /not enabled in this channel/],
    ['deployment/web -n default', { user_id: 'U0STRANGER' }, /not allowed to run/],
  ])('answers "%s" %o without enqueuing', async (text, fields, expected) => {
    const response = await signer.command('/k8s-diagnose', text, fields);
    expect(response.json?.response_type).toBe('ephemeral');
    expect(String(response.json?.text)).toMatch(expected);
    expect(await jobs()).toEqual([]);
  });

  it('lets members of an allowed user group and allowed channel names in', async () => {
    h.slack.userGroups.set('S0ONCALL', ['U0ONCALL']);
    const response = await signer.command('/k8s-diagnose', 'namespace default', { user_id: 'U0ONCALL', channel_id: 'C0SRE', channel_name: 'sre' });
    expect(response.json?.text).toBe('Diagnosing namespace default…');
    expect(await jobs()).toHaveLength(1);
  });
});

describe('thread listener', () => {
  const message = (overrides: Record<string, unknown> = {}) => ({ type: 'message', channel: 'C0OPS', channel_type: 'channel', user: 'U0PERSON', text: 'why does it exit?', ts: '1760000100.000200', thread_ts: THREAD, ...overrides });

  it('enqueues a person\'s reply in an incident thread once, even when it is also an @mention', async () => {
    await signer.event(message());
    await signer.event({ ...message({ text: '<@U0KDBBOT> why does it exit?' }), type: 'app_mention' });
    await vi.waitFor(async () => expect(await jobs()).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await jobs()).toEqual([
      { id: 'q-C0OPS-1760000100.000200', data: { type: 'question', channel: 'C0OPS', user: 'U0PERSON', threadTs: THREAD, messageTs: '1760000100.000200', text: 'why does it exit?' } },
    ]);
  });

  it('answers a mention outside its threads with a private hint, and enqueues nothing', async () => {
    await signer.event({ ...message({ text: '<@U0KDBBOT> help', thread_ts: undefined, ts: '1760000100.000400' }), type: 'app_mention' });
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(1));
    expect(h.slack.callsTo('chat.postEphemeral')[0]?.payload).toMatchObject({ channel: 'C0OPS', user: 'U0PERSON', text: expect.stringContaining('/k8s-diagnose help') });
    expect(await jobs()).toEqual([]);
  });

  it('ignores bots, itself, other threads and top-level messages', async () => {
    await signer.event(message({ bot_id: 'B0OTHER', ts: '1760000100.000301' }));
    await signer.event(message({ user: 'U0KDBBOT', bot_id: 'B0KDBBOT', ts: '1760000100.000302' }));
    await signer.event(message({ thread_ts: '1700000000.000999', ts: '1760000100.000303' }));
    await signer.event(message({ thread_ts: undefined, ts: '1760000100.000304' }));
    await signer.event(message({ subtype: 'message_changed', ts: '1760000100.000305' }));
    await signer.event(message({ subtype: 'thread_broadcast', ts: '1760000100.000306', text: '<@U0KDBBOT> should <@U0ALICE> roll back?' }));
    await vi.waitFor(async () => expect(await jobs()).toHaveLength(1));
    expect((await jobs())[0]?.data).toMatchObject({ text: 'should <@U0ALICE> roll back?' });
  });
});

describe('buttons', () => {
  const action = (actionId: string) => ({
    type: 'block_actions',
    user: { id: 'U0PERSON', username: 'person', team_id: 'T0KDB' },
    channel: { id: 'C0OPS', name: 'ops' },
    container: { type: 'message', message_ts: THREAD, channel_id: 'C0OPS' },
    message: { type: 'message', ts: THREAD, text: 'CrashLoopBackOff' },
    trigger_id: 'trig.2',
    response_url: h.slack.responseUrl(),
    actions: [{ action_id: actionId, block_id: 'b1', type: 'button', value: 'fp-case-a-1', action_ts: '1760000200.000100' }],
  });

  it('mutes the fingerprint and says who muted it in the thread', async () => {
    const response = await signer.interaction(action('kdb_mute_1h'));
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(h.slack.replies('C0OPS', THREAD)).toHaveLength(1));
    expect(h.slack.replies('C0OPS', THREAD)[0]?.text).toBe(':no_bell: <@U0PERSON> muted this incident for 1 h: no updates until then.');
    const mute = await h.store.mutedUntil('fp-case-a');
    expect(mute?.by).toBe('U0PERSON');
    expect((mute?.until ?? 0) - Date.now()).toBeGreaterThan(59 * 60_000);
  });

  it('refuses a mute by someone outside the allowed users, and mutes nothing', async () => {
    const stranger = { ...action('kdb_mute_24h'), user: { id: 'U0STRANGER', username: 'stranger', team_id: 'T0KDB' } };
    expect((await signer.interaction(stranger)).status).toBe(200);
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(1));
    expect(h.slack.callsTo('chat.postEphemeral')[0]?.payload).toMatchObject({ user: 'U0STRANGER', text: expect.stringContaining('not allowed to mute') });
    expect(await h.store.mutedUntil('fp-case-a')).toBeUndefined();
    expect(h.slack.replies('C0OPS', THREAD)).toHaveLength(0);
  });

  it("records who pressed I'm on it, shows it in the message, and drops the button", async () => {
    expect((await signer.interaction(action('kdb_on_it'))).status).toBe(200);
    await vi.waitFor(() => expect(h.slack.callsTo('chat.update')).toHaveLength(1));
    const update = JSON.stringify(h.slack.callsTo('chat.update')[0]?.payload.blocks);
    expect(update).toContain('<@U0PERSON> is on it');
    expect(update).not.toContain('kdb_on_it');
    expect((await h.store.findByThread('C0OPS', THREAD))?.onItBy).toBe('U0PERSON');
  });

  it('unmutes a muted incident, says so, and shows the mute buttons again', async () => {
    await signer.interaction(action('kdb_mute_24h'));
    await vi.waitFor(() => expect(h.slack.callsTo('chat.update')).toHaveLength(1));
    expect(JSON.stringify(h.slack.callsTo('chat.update')[0]?.payload.blocks)).toContain('kdb_unmute');
    await signer.interaction(action('kdb_unmute'));
    await vi.waitFor(() => expect(h.slack.callsTo('chat.update')).toHaveLength(2));
    expect(await h.store.mutedUntil('fp-case-a')).toBeUndefined();
    expect(h.slack.replies('C0OPS', THREAD).at(-1)?.text).toContain('<@U0PERSON> unmuted this incident');
    const blocks = JSON.stringify(h.slack.callsTo('chat.update')[1]?.payload.blocks);
    expect(blocks).toContain('kdb_mute_1h');
    expect(blocks).not.toContain('kdb_unmute');
  });

  it("refuses I'm on it and unmute by someone outside the allowed users, like a mute", async () => {
    for (const id of ['kdb_on_it', 'kdb_unmute']) {
      await signer.interaction({ ...action(id), user: { id: 'U0STRANGER', username: 'stranger', team_id: 'T0KDB' } });
    }
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(2));
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
    expect((await h.store.findByThread('C0OPS', THREAD))?.onItBy).toBeUndefined();
  });

  it('enqueues a re-diagnosis', async () => {
    await signer.interaction(action('kdb_rediagnose'));
    await vi.waitFor(async () => expect(await jobs()).toHaveLength(1));
    expect((await jobs())[0]).toEqual({ id: 'rd-C0OPS-1760000200.000100', data: { type: 'rediagnose', channel: 'C0OPS', user: 'U0PERSON', threadTs: THREAD, requestId: '1760000200.000100' } });
  });
});
