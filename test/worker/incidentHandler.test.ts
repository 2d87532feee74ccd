import { UnrecoverableError } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import { parseRunbookUrls } from '../../src/slack/parseRunbookUrls.js';
import { createIncidentHandler, type IncidentHandlerOptions } from '../../src/worker/createIncidentHandler.js';
import { parseRouteRules } from '../../src/slack/parseRouteRules.js';
import { counterValue, findingOf, incidentJob, startHarness, type Harness } from '../slack/harness.js';
import { caseA, NOW } from '../slack/seedCases.js';

const OPS = 'C0OPS';
let h: Harness;

beforeEach(async () => {
  h = await startHarness('slack-incident', caseA({ annotations: { 'kube-diagnose-bot/notify': '@team-payments' } }));
  h.kube.setLog({ namespace: 'k8s-and-chatgpt', pod: 'test-deployment-f4955dc4d-95wrl', container: 'ubuntu', previous: true }, 'starting\nno command given, exiting\n');
});
afterEach(async () => h.close());

function handler(overrides: Partial<IncidentHandlerOptions> = {}) {
  return createIncidentHandler({
    poster: h.poster,
    store: h.store,
    diagnoser: createDiagnoser({ logger: h.logger }),
    readSnapshot: h.readSnapshot,
    logs: h.logs,
    defaultChannel: OPS,
    logger: h.logger,
    now: () => h.clock.now,
    ...overrides,
  });
}

const topLevel = () => h.slack.messages(OPS).filter((m) => m.thread_ts === undefined);
const job = (overrides: Partial<IncidentJobData> = {}) => incidentJob(findingOf(caseA()), overrides);

describe('incident handler', () => {
  it('fails a job of a cluster it does not read at once, naming CLUSTERS, and posts nothing', async () => {
    const handle = handler({ clusters: new Map([['prod-osaka', { readSnapshot: h.readSnapshot }]]) });
    const failure = handle(job({ cluster: 'prod-tokyo' }));
    await expect(failure).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(failure).rejects.toThrow(/cluster "prod-tokyo" is not among this worker's clusters \(prod-osaka\).*CLUSTERS/);
    expect(topLevel()).toHaveLength(0);
  });

  it('posts a new incident once, mentions the owners, and puts the redacted evidence in the thread', async () => {
    h.slack.userGroupHandles.set('team-payments', 'S0PAYMENTS');
    const handle = handler();
    await handle(job());
    await handle(job()); // a retry of the same job
    expect(topLevel()).toHaveLength(1);
    const [post] = topLevel();
    // What a lock screen shows: severity, cluster, workload, cause, each once, under 150 characters.
    expect(post?.text).toMatch(/^HIGH · onprem-lab · k8s-and-chatgpt\/Deployment\/test-deployment: container "ubuntu" keeps crashing/);
    expect(Array.from(post?.text ?? '').length).toBeLessThan(150);
    expect(post?.text.split('test-deployment')).toHaveLength(2);
    // The handle is resolved to its user group: nothing is posted with link_names.
    expect(JSON.stringify(post?.blocks)).toContain('<!subteam^S0PAYMENTS>');
    // The crashed container's telling log lines are in the message itself, not only in the thread.
    expect(JSON.stringify(post?.blocks)).toContain('no command given, exiting');
    expect(h.slack.callsTo('chat.postMessage')[0]?.payload).toMatchObject({ channel: OPS, metadata: { event_type: 'kdb_incident' } });
    expect(h.slack.callsTo('chat.postMessage')[0]?.payload).not.toHaveProperty('link_names');
    const replies = h.slack.replies(OPS, post?.ts ?? '');
    expect(replies).toHaveLength(1);
    const evidence = JSON.stringify(replies[0]?.blocks);
    expect(evidence).toContain('Back-off restarting failed container ubuntu');
    expect(evidence).toContain('no command given, exiting');
    expect(evidence).toContain('```');
    const record = await h.store.current('fp-case-a');
    expect(record).toMatchObject({ channel: OPS, ts: post?.ts, evidencePosted: true });
  });

  it('does not post twice when a retry follows a timeout after Slack accepted the post', async () => {
    const handle = handler();
    h.slack.fail('chat.postMessage', { hang: true });
    await expect(handle(job())).rejects.toThrow(/request_error/);
    expect(topLevel()).toHaveLength(1); // Slack has it, we never heard back
    await handle(job());
    expect(topLevel()).toHaveLength(1);
    expect(h.slack.callsTo('conversations.history')).toHaveLength(1);
    expect((await h.store.current('fp-case-a'))?.ts).toBe(topLevel()[0]?.ts);
    expect(h.slack.replies(OPS, topLevel()[0]?.ts ?? '')).toHaveLength(1);
  });

  it('still posts when a channel given by name makes the earlier-post lookup fail', async () => {
    const handle = handler({ defaultChannel: 'ops-alerts' });
    h.slack.fail('chat.postMessage', { error: 'internal_error' });
    await expect(handle(job())).rejects.toThrow(/internal_error/);
    // The retry cannot read history by name (channel_not_found): it posts rather than lose the incident.
    h.slack.fail('conversations.history', { error: 'channel_not_found' });
    await handle(job());
    expect(h.slack.messages('ops-alerts').filter((m) => m.thread_ts === undefined)).toHaveLength(1);
  });

  it('handles one job per incident at a time: an update beside the new one waits instead of posting again', async () => {
    const handle = handler();
    const [first, second] = await Promise.allSettled([handle(job()), handle(job({ type: 'update', occurrences: 7 }))]);
    const outcomes = [first, second].map((r) => r.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = [first, second].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(rejected.reason)).toMatch(/being handled by another job/);
    expect(topLevel()).toHaveLength(1);
    // Its retry finds the thread and edits it.
    await handle(job({ type: 'update', occurrences: 7 }));
    expect(topLevel()).toHaveLength(1);
  });

  it('lands a rate-limited post once, after Retry-After', async () => {
    h.slack.fail('chat.postMessage', { ratelimited: { retryAfterSeconds: 1 } });
    const started = Date.now();
    await handler()(job());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(topLevel()).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(3); // 429, the post, the evidence reply
  });

  it('keeps the job on not_in_channel (retryable) and lands once the bot is invited', async () => {
    const handle = handler();
    h.slack.fail('chat.postMessage', { error: 'not_in_channel' });
    const failure = await handle(job()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(UnrecoverableError);
    expect(String(failure)).toMatch(/not_in_channel.*invite/);
    expect(await counterValue(h.metrics, { method: 'chat.postMessage', outcome: 'not_in_channel' })).toBe(1);
    await handle(job());
    expect(topLevel()).toHaveLength(1);
  });

  it.each(['channel_not_found', 'invalid_auth'])('fails %s as unrecoverable (kept in the failed set), with a metric', async (code) => {
    h.slack.fail('chat.postMessage', { error: code });
    const failure = await handler()(job()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(String(failure)).toContain(code);
    expect(await counterValue(h.metrics, { method: 'chat.postMessage', outcome: code })).toBe(1);
    expect(topLevel()).toHaveLength(0);
  });

  it('updates counts in place, notes it in the thread at most every interval, never posts a new top-level message', async () => {
    const handle = handler({ noteIntervalMs: 10 * 60_000 });
    await handle(job());
    const ts = topLevel()[0]?.ts ?? '';
    h.clock.now = NOW + 60_000;
    await handle(job({ type: 'update', occurrences: 250 }));
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);
    expect(JSON.stringify(h.slack.messages(OPS).find((m) => m.ts === ts)?.blocks)).toContain('250');
    expect(h.slack.replies(OPS, ts)).toHaveLength(1); // the evidence only
    h.clock.now = NOW + 11 * 60_000;
    await handle(job({ type: 'update', occurrences: 300 }));
    expect(h.slack.replies(OPS, ts)).toHaveLength(2);
    expect(h.slack.replies(OPS, ts)[1]?.text).toContain('Still failing: 300 occurrences');
    expect(topLevel()).toHaveLength(1);
  });

  it("stops the still-failing notes once someone is on it, and links the runbook of RUNBOOK_URLS", async () => {
    const handle = handler({ noteIntervalMs: 10 * 60_000, runbooks: parseRunbookUrls(['PVCUnbound=https://wiki.example/pvc', 'k8s-and-*=https://wiki.example/lab?x=1']) });
    await handle(job());
    const ts = topLevel()[0]?.ts ?? '';
    const blocks = JSON.stringify(topLevel()[0]?.blocks);
    expect(blocks).toContain('"url":"https://wiki.example/lab?x=1"');
    const record = await h.store.current('fp-case-a');
    await h.store.update(record?.key ?? '', { onItBy: 'U0ONCALL' });
    h.clock.now = NOW + 11 * 60_000;
    await handle(job({ type: 'update', occurrences: 300 }));
    expect(h.slack.replies(OPS, ts)).toHaveLength(1); // the evidence only: no ping
    const updated = JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.payload.blocks);
    expect(updated).toContain('300');
    expect(updated).toContain('<@U0ONCALL> is on it');
  });

  it('leaves a message that a person deleted alone', async () => {
    const handle = handler();
    await handle(job());
    h.slack.fail('chat.update', { error: 'message_not_found' });
    await expect(handle(job({ type: 'update', occurrences: 250 }))).resolves.toBeUndefined();
    expect(topLevel()).toHaveLength(1);
  });

  it('suppresses updates of a muted fingerprint', async () => {
    const handle = handler();
    await handle(job());
    await h.store.mute('fp-case-a', { until: NOW + 3_600_000, by: 'U0PERSON' }, NOW);
    h.clock.now = NOW + 30 * 60_000;
    await handle(job({ type: 'update', occurrences: 400 }));
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
    h.clock.now = NOW + 61 * 60_000; // the mute expired (Redis PX is relative; check the stored until)
    await h.redis.del(`${h.prefix}:mute:fp-case-a`);
    await handle(job({ type: 'update', occurrences: 401 }));
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);
  });

  it('edits the header on resolution and replies in the thread, once', async () => {
    const handle = handler();
    await handle(job());
    const ts = topLevel()[0]?.ts ?? '';
    await handle(job({ type: 'resolved', resolvedAfterMs: 12 * 60_000 }));
    await handle(job({ type: 'resolved', resolvedAfterMs: 12 * 60_000 }));
    const message = h.slack.messages(OPS).find((m) => m.ts === ts);
    expect(JSON.stringify(message?.blocks)).toContain('Resolved after 12 min · CrashLoopBackOff · Deployment test-deployment');
    expect(h.slack.replies(OPS, ts).map((r) => r.text)).toEqual([expect.stringContaining('Evidence'), ':white_check_mark: Resolved after 12 min']);
    expect(topLevel()).toHaveLength(1);
  });

  it('routes by namespace glob or label to another channel', async () => {
    await handler({ routes: parseRouteRules(['k8s-*=C0CHATGPT']) })(job());
    expect(h.slack.messages('C0CHATGPT')).toHaveLength(2);
    await handler({ routes: parseRouteRules(['label:kubernetes.io/metadata.name=k8s-and-chatgpt=C0LABEL']) })(job({ fingerprint: 'fp-other' }));
    expect(h.slack.messages('C0LABEL')).toHaveLength(2);
    expect(() => parseRouteRules(['nonsense'])).toThrow(/SLACK_ROUTES: "nonsense"/);
  });
});
