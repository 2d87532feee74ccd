import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Category } from '../../src/analyze/types.js';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import { createSlackApp, type SlackApp } from '../../src/slack/createSlackApp.js';
import { createFloodGate, type FloodGate } from '../../src/worker/createFloodGate.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { createSlackSigner } from '../fakes/slack.js';
import { findingOf, incidentJob, SIGNING_SECRET, slackAppOptions, startHarness, type Harness } from '../slack/harness.js';
import { caseA, NOW } from '../slack/seedCases.js';

const OPS = 'C0OPS';
const THRESHOLD = 3;
const CATEGORIES: Category[] = ['CrashLoopBackOff', 'CrashLoopBackOff', 'ImagePullBackOff', 'OOMKilled', 'CrashLoopBackOff'];
let h: Harness;
let gate: FloodGate;
let slackApp: SlackApp | undefined;

beforeEach(async () => {
  h = await startHarness('flood', caseA());
  gate = createFloodGate({ redis: h.redis, prefix: h.prefix, threshold: THRESHOLD });
});
afterEach(async () => {
  await slackApp?.stop();
  slackApp = undefined;
  await h.close();
});

/** A worker's incident handler; several share Redis as separate processes would. */
const worker = () =>
  createIncidentHandler({ poster: h.poster, store: h.store, diagnoser: createDiagnoser({ logger: h.logger }), readSnapshot: h.readSnapshot, defaultChannel: OPS, logger: h.logger, now: () => h.clock.now, floodGate: gate });

/** Incident `i` of a storm: its own namespace (every third shares one), workload and category. */
function stormJob(i: number, overrides: Partial<IncidentJobData> = {}): IncidentJobData {
  const base = findingOf(caseA());
  const category = CATEGORIES[i % CATEGORIES.length] ?? 'Other';
  const namespace = `team-${Math.floor(i / 3)}`;
  return incidentJob({ ...base, namespace, workload: `Deployment/app-${i}`, category }, { fingerprint: `fp-storm-${i}`, firstSeen: new Date(NOW - 60_000).toISOString(), ...overrides });
}

const topLevel = () => h.slack.messages(OPS).filter((m) => m.thread_ts === undefined);

describe('flood control: one summary instead of a message per incident (issue 13, item 11)', () => {
  it('posts the first THRESHOLD incidents, then one summary with a thread per category, across two workers', async () => {
    const [a, b] = [worker(), worker()];
    for (let i = 0; i < THRESHOLD; i += 1) await a(stormJob(i));
    // The rest arrive at once on two workers.
    await Promise.all(Array.from({ length: 12 }, (_, k) => (k % 2 === 0 ? a : b)(stormJob(THRESHOLD + k))));

    const top = topLevel();
    expect(top).toHaveLength(THRESHOLD + 1);
    const summary = top.find((m) => m.text.includes('new failures'));
    expect(summary?.text).toMatch(/^12 new failures in \d+ namespaces \(onprem-lab\): top categories CrashLoopBackOff \(\d+\), /);
    const replies = h.slack.replies(OPS, summary?.ts ?? '');
    expect(replies.map((r) => r.text.split(':')[0]).sort()).toEqual(['CrashLoopBackOff', 'ImagePullBackOff', 'OOMKilled']);
    const buttons = replies.flatMap((r) => JSON.stringify(r.blocks).match(/kdb_diagnose/g) ?? []);
    expect(buttons).toHaveLength(12);
  });

  it('updates and resolutions of summarised incidents post nothing new at the top level', async () => {
    const handle = worker();
    for (let i = 0; i <= THRESHOLD; i += 1) await handle(stormJob(i));
    const before = topLevel().length;
    const posts = h.slack.callsTo('chat.postMessage').length;
    await handle(stormJob(THRESHOLD, { type: 'update', occurrences: 300 }));
    await handle(stormJob(THRESHOLD, { type: 'resolved', resolvedAfterMs: 60_000 }));
    expect(topLevel()).toHaveLength(before);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(posts);
  });

  it('the Diagnose button enqueues the normal diagnosis, which then posts that incident', async () => {
    const handle = worker();
    for (let i = 0; i <= THRESHOLD; i += 1) await handle(stormJob(i));
    const flooded = `fp-storm-${THRESHOLD}-${NOW - 60_000}`;
    const enqueued: IncidentJobData[] = [];
    slackApp = createSlackApp(
      slackAppOptions(h, {
        diagnoseOnDemand: async (key) => {
          const job = await gate.job(key);
          if (job !== undefined) enqueued.push({ ...job, type: 'new', onDemand: true });
          return job?.finding.workload;
        },
        allowedUsers: ['U0PERSON'],
      }),
    );
    const { port } = await slackApp.start();
    const signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
    const press = (user: string, n: number) =>
      signer.interaction({
        type: 'block_actions',
        user: { id: user, username: user, team_id: 'T0KDB' },
        channel: { id: OPS, name: 'ops' },
        container: { type: 'message', message_ts: '1.1', channel_id: OPS },
        message: { type: 'message', ts: '1.2', thread_ts: '1.1', text: 'CrashLoopBackOff' },
        trigger_id: `t.${n}`,
        actions: [{ action_id: 'kdb_diagnose', block_id: 'b', type: 'button', value: flooded, action_ts: `17.${n}` }],
      });
    await press('U0STRANGER', 1);
    await press('U0PERSON', 2);
    await press('U0PERSON', 3);
    await vi.waitFor(() => expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(3));
    expect(enqueued).toHaveLength(1);
    const before = topLevel().length;
    await handle(enqueued[0] as IncidentJobData);
    expect(topLevel()).toHaveLength(before + 1);
    expect(topLevel().at(-1)?.text).toContain('Deployment/app-3');
  });
});
