import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { createSlackApp } from '../../src/slack/createSlackApp.js';
import { createFollowupHandler } from '../../src/worker/createFollowupHandler.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { createNamespaceGuard } from '../../src/slack/createNamespaceGuard.js';
import type { KubeObject } from '../fakes/kube.js';
import { createSlackSigner } from '../fakes/slack.js';
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { incidentJob, SIGNING_SECRET, slackAppOptions, startHarness, type Harness } from '../slack/harness.js';
import { caseA, NOW } from '../slack/seedCases.js';

const OPS = 'C0OPS';
const HOSTILE = '<!channel> <https://evil|see runbook>';
let h: Harness;
let openai: FakeOpenAI;

/** Case A, but its container's command is `["<!channel>"]` and the runtime echoes it back. */
function hostileCase(notify: string): unknown[] {
  const objects = caseA({ annotations: { 'kube-diagnose-bot/notify': notify } }) as KubeObject[];
  for (const pod of objects.filter((x) => x.kind === 'Pod') as V1Pod[]) {
    const [container] = pod.spec?.containers ?? [];
    const [status] = pod.status?.containerStatuses ?? [];
    if (container === undefined || status === undefined) throw new Error('case A has no container');
    container.command = ['<!channel>'];
    status.state = { waiting: { reason: 'RunContainerError', message: `failed to create containerd task: exec: "${HOSTILE}": executable file not found in $PATH` } };
  }
  return objects;
}

beforeEach(async () => {
  h = await startHarness('outgoing-text', hostileCase('<!channel> @here <!everyone> @channel U0OWNER01 <!subteam^S0SRE0001|sre> @payments @nobody'));
  h.slack.userGroupHandles.set('payments', 'S0PAY0001');
  openai = await startFakeOpenAI();
});
afterEach(async () => {
  await h.close();
  await openai.close();
});

/** Every text Slack received from us: fallback texts and every string inside blocks. */
function sentTexts(): string[] {
  return h.slack.calls
    .filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method))
    .flatMap((c) => [String(c.payload.text ?? ''), JSON.stringify(c.payload.blocks ?? [])]);
}

function expectNoBroadcast(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toMatch(/<!(channel|here|everyone)/);
    expect(text).not.toMatch(/(^|[^\w])@(channel|here|everyone)\b/);
    expect(text).not.toContain('<https://evil');
  }
}

describe('pod-controlled text, notify annotations and LLM text reach Slack escaped (issue 13, items 4 and 7)', () => {
  it('escapes a hostile container command in the notification text of posts and edits, not only in the blocks', async () => {
    const [finding] = analyze(snapshotFromObjects(hostileCase('')).snapshot, { now: new Date(NOW) });
    if (finding === undefined) throw new Error('no finding');
    // The notification text shows the summary's cause, cut to 150 characters: put the pod's text first in it.
    finding.summary = `${finding.workload}: ${finding.summary.slice(finding.summary.indexOf('<!channel>'))}`;
    const handle = createIncidentHandler({ poster: h.poster, store: h.store, diagnoser: createDiagnoser({ logger: h.logger }), readSnapshot: h.readSnapshot, defaultChannel: OPS, logger: h.logger, now: () => NOW });
    await handle(incidentJob(finding));
    await handle(incidentJob(finding, { type: 'resolved', lastSeen: new Date(NOW + 60_000).toISOString() }));
    const [post] = h.slack.callsTo('chat.postMessage');
    expect(String(post?.payload.text)).toContain('&lt;!channel&gt; &lt;hxxps://evil|see runbook&gt;');
    const [edit] = h.slack.callsTo('chat.update');
    expect(String(edit?.payload.text)).toContain('&lt;!channel&gt;');
    expectNoBroadcast(sentTexts());
  });

  it('mentions only user and user-group ids from the notify annotation (names resolved), never everyone, without link_names', async () => {
    const [finding] = analyze(snapshotFromObjects(caseA()).snapshot, { now: new Date(NOW) });
    if (finding === undefined) throw new Error('no finding');
    await createIncidentHandler({ poster: h.poster, store: h.store, diagnoser: createDiagnoser({ logger: h.logger }), readSnapshot: h.readSnapshot, defaultChannel: OPS, logger: h.logger, now: () => NOW })(incidentJob(finding));
    const [post] = h.slack.callsTo('chat.postMessage');
    const blocks = JSON.stringify(post?.payload.blocks);
    expect(blocks).toContain('<@U0OWNER01> <!subteam^S0SRE0001> <!subteam^S0PAY0001> ');
    expect(blocks).not.toContain('nobody');
    expect(post?.payload).not.toHaveProperty('link_names');
    expectNoBroadcast(sentTexts());
  });

  it('strips mentions of everyone from an LLM answer, in any spelling', async () => {
    const [finding] = analyze(snapshotFromObjects(caseA()).snapshot, { now: new Date(NOW) });
    if (finding === undefined) throw new Error('no finding');
    const diagnoser = createDiagnoser({ llm: createLlmClient({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 }), logger: h.logger });
    await createIncidentHandler({ poster: h.poster, store: h.store, diagnoser: createDiagnoser({ logger: h.logger }), readSnapshot: h.readSnapshot, defaultChannel: OPS, logger: h.logger, now: () => NOW })(incidentJob(finding));
    const threadTs = h.slack.messages(OPS).find((m) => m.thread_ts === undefined)?.ts ?? '';
    openai.script(reply.text('Wake everyone: <!channel> <!here|here> <!everyone> @here @channel. Then ask <@U0OWNER01>.'));
    await createFollowupHandler({ poster: h.poster, store: h.store, diagnoser, readSnapshot: h.readSnapshot, allowNamespace: createNamespaceGuard(['*']), cluster: 'onprem-lab', logger: h.logger, now: () => NOW })({
      type: 'question',
      channel: OPS,
      user: 'U0PERSON',
      threadTs,
      messageTs: '1.1',
      text: 'who should I wake?',
    });
    const answer = h.slack.replies(OPS, threadTs).at(-1);
    expect(answer?.text).toContain('Wake everyone');
    expectNoBroadcast(sentTexts());
  });

  it('strips them from any text the poster sends: posts, edits, ephemeral messages', async () => {
    const text = 'hi <!channel> <!here> @everyone <https://evil|see runbook>';
    const posted = await h.poster.post({ channel: OPS, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, { type: 'context', elements: [{ type: 'mrkdwn', text }] }] });
    await h.poster.update({ channel: OPS, ts: posted.ts, text, blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text }] }] });
    await h.poster.postEphemeral({ channel: OPS, user: 'U0PERSON', text });
    expectNoBroadcast(sentTexts());
    expect(h.slack.callsTo('chat.postEphemeral')[0]?.payload.text).toBe('hi   everyone see runbook (hxxps://evil)');
  });

  it('guards the command ack too, which echoes what was typed', async () => {
    const app = createSlackApp(slackAppOptions(h));
    try {
      const { port } = await app.start();
      const signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
      const ack = await signer.command('/k8s-diagnose', 'namespace <!channel>');
      expect(String(ack.json?.text)).toContain('is not a valid namespace name');
      expectNoBroadcast([String(ack.json?.text)]);
    } finally {
      await app.stop();
    }
  });
});
