import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, sampleDiagnosis } from '../fakes/openai.js';
import { createSlackSigner, type FakeMessage, type SlackSigner } from '../fakes/slack.js';
import { freePort, spawnBot, START_TIMEOUT_MS, stopAllBots, waitUntil, type BotProcess } from './spawnBot.js';
import { exampleObjects, OPS, SIGNING_SECRET, startWorld, type World } from './startWorld.js';

const blocksText = (message: FakeMessage): string => JSON.stringify(message.blocks ?? []);

/** The seed's two cases through the whole bot, started as a user starts it. */
describe('the bot end to end (node dist/cli.js start)', { timeout: 90_000 }, () => {
  let world: World;
  let bot: BotProcess;
  let signer: SlackSigner;
  let port: number;

  beforeAll(async () => {
    world = await startWorld([...exampleObjects('case-a-crashloop.json'), ...exampleObjects('case-b-prometheus-pending.json')]);
    // Diagnoses name the workload they were asked about; follow-ups say which question they answer.
    world.openai.respond = (request) => {
      const prompt = request.body.messages.map((m) => m.content).join('\n');
      if (request.body.response_format?.type !== 'json_schema') return reply.text(`Answer to: ${prompt.includes('exit code 0') ? 'exit code 0 question' : 'question'}`);
      return reply.json(sampleDiagnosis({ faultLocation: 'LLM says: the container' }));
    };
    port = await freePort();
    bot = await spawnBot(world.env({ PORT: String(port) }));
    signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, responseUrl: () => world.slack.responseUrl() });
  }, START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    try {
      await bot?.stop();
    } finally {
      await stopAllBots();
      await world?.close();
    }
  });

  it('posts case A once, with all five parts and an evidence reply', async () => {
    const message = await waitUntil(() => world.incident('Deployment test-deployment'), 30_000, 'case A message');
    const blocks = blocksText(message);
    expect(blocks).toContain('CrashLoopBackOff');
    expect(blocks).toContain('LLM says');
    for (const heading of ['Fault location', 'What the error means', 'Probable causes', 'Debug steps', 'Fixes']) expect(blocks).toContain(heading);
    const evidence = await waitUntil(() => world.slack.replies(OPS, message.ts)[0], 10_000, 'evidence reply');
    expect(evidence.text + blocksText(evidence)).toContain('Back-off restarting failed container ubuntu');
  });

  it('posts one message per failing workload of case B (the PVCs without a StorageClass)', async () => {
    const alertmanager = await waitUntil(() => world.incident('StatefulSet prometheus-alertmanager'), 30_000, 'case B message');
    expect(blocksText(alertmanager)).toContain('PVCUnbound');
    await waitUntil(() => world.incident('Deployment prometheus-server'), 30_000, 'prometheus-server message');
  });

  it('never posts an incident twice', async () => {
    // A dropped watch makes every informer relist; nothing may be reported again.
    world.kube.dropWatches();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const keys = world.incidents().map((m) => String(m.metadata?.event_payload.key));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
  });

  it('answers a question in the thread with the conversation', async () => {
    const message = world.incident('Deployment test-deployment');
    if (!message) throw new Error('case A message missing');
    const asked = world.openai.requests.length;
    const response = await signer.event({ type: 'message', channel: OPS, user: 'U0PERSON', text: 'Why does it end with exit code 0?', ts: `${Date.now() / 1000}`, thread_ts: message.ts });
    expect(response.status).toBe(200);
    const answer = await waitUntil(() => world.slack.replies(OPS, message.ts).find((m) => m.text.includes('Answer to')), 20_000, 'thread answer');
    expect(answer.text).toContain('exit code 0 question');
    const followup = world.openai.requests.slice(asked).find((r) => r.body.response_format?.type !== 'json_schema');
    const sent = followup?.body.messages.map((m) => m.content).join('\n') ?? '';
    expect(sent).toContain('Why does it end with exit code 0?');
    // The conversation so far: the diagnosis the thread started with.
    expect(sent).toContain('LLM says: the container');
  });

  it('diagnoses a workload on demand with /k8s-diagnose', async () => {
    const before = world.slack.messages(OPS).length;
    const ack = await signer.command('/k8s-diagnose', 'deployment/test-deployment -n k8s-and-chatgpt');
    expect(ack.status).toBe(200);
    expect(ack.text).toMatch(/deployment\/test-deployment/i);
    const posted = await waitUntil(
      () => world.slack.messages(OPS).slice(before).find((m) => m.thread_ts === undefined && blocksText(m).includes('Fault location')),
      20_000,
      'command answer',
    );
    expect(blocksText(posted)).toContain('test-deployment');
  });

  it('marks the incident resolved when the pods recover', async () => {
    for (const pod of ['95wrl', 'ss6nq', 'tdkxc']) {
      const name = `test-deployment-f4955dc4d-${pod}`;
      const current = world.kube.get('Pod', 'k8s-and-chatgpt', name);
      if (!current) throw new Error(`${name} missing`);
      const status = current.status as { containerStatuses: Array<Record<string, unknown>> };
      world.kube.upsert({
        ...current,
        status: {
          ...status,
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: status.containerStatuses.map((c) => ({ ...c, ready: true, started: true, state: { running: { startedAt: new Date().toISOString() } } })),
        },
      });
    }
    const message = world.incident('Deployment test-deployment');
    if (!message) throw new Error('case A message missing');
    await waitUntil(
      () => world.slack.callsTo('chat.update').some((call) => call.payload.ts === message.ts && JSON.stringify(call.payload.blocks).includes('Resolved after')),
      40_000,
      'resolved header',
    );
    await waitUntil(() => world.slack.replies(OPS, message.ts).some((m) => /resolved/i.test(m.text)), 10_000, 'resolved reply');
  });

  it('serves /healthz, /readyz and /metrics on PORT beside the Slack events', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/kdb_incidents_total\{category="CrashLoopBackOff",type="new"\} 1\b/);
    expect(metrics).toMatch(/kdb_llm_calls_total\{outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/kdb_slack_calls_total\{method="chat.postMessage",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/kdb_watch_events_total\{kind="Pod",type="MODIFIED"\} [1-9]/);
    expect(metrics).toMatch(/kdb_incidents_total\{category="CrashLoopBackOff",type="resolved"\} 1\b/);
  });

  it('posts a new message when the failure comes back after its resolution', async () => {
    const before = new Set(world.incidents().map((m) => m.ts));
    for (const event of exampleObjects('case-a-crashloop.json').filter((o) => o.kind === 'Pod')) {
      const status = event.status as { containerStatuses: Array<Record<string, unknown>> };
      world.kube.upsert({ ...event, status: { ...status, containerStatuses: status.containerStatuses.map((c) => ({ ...c, restartCount: 31 })) } });
    }
    const again = await waitUntil(
      () => world.incidents().find((m) => !before.has(m.ts) && JSON.stringify(m.blocks).includes('CrashLoopBackOff · Deployment test-deployment')),
      30_000,
      'the recurrence',
    );
    expect(JSON.stringify(again.blocks)).not.toContain('Resolved after');
  });
});
