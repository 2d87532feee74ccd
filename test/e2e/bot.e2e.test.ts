import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKube, type FakeKube, type KubeObject } from '../fakes/kube.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { createSlackSigner, startFakeSlack, type FakeMessage, type FakeSlack, type SlackSigner } from '../fakes/slack.js';
import { deletePrefix, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { freePort, spawnBot, waitUntil, type BotProcess } from './spawnBot.js';

const OPS = 'C0OPS';
const SIGNING_SECRET = 'e2e-signing-secret';

function exampleObjects(file: string): KubeObject[] {
  const list = JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8')) as { items: KubeObject[] };
  return list.items;
}

const topLevel = (slack: FakeSlack): FakeMessage[] => slack.messages(OPS).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
const blocksText = (message: FakeMessage): string => JSON.stringify(message.blocks ?? []);
const headerOf = (message: FakeMessage): string => {
  const header = (message.blocks as Array<{ type: string; text?: { text: string } }> | undefined)?.find((block) => block.type === 'header');
  return header?.text?.text ?? '';
};
/** The incident message whose header names `workload` (e.g. `Deployment test-deployment`). */
const incidentMessage = (slack: FakeSlack, workload: string): FakeMessage | undefined =>
  topLevel(slack).find((m) => m.metadata?.event_type === 'kdb_incident' && headerOf(m).includes(workload));

/** The seed's two cases through the whole bot, started as a user starts it. */
describe('the bot end to end (node dist/cli.js start)', () => {
  let kube: FakeKube;
  let openai: FakeOpenAI;
  let slack: FakeSlack;
  let bot: BotProcess;
  let signer: SlackSigner;
  let redis: Redis;
  const prefix = testPrefix('e2e');

  beforeAll(async () => {
    kube = await startFakeKube([...exampleObjects('case-a-crashloop.json'), ...exampleObjects('case-b-prometheus-pending.json')]);
    kube.setLog({ namespace: 'k8s-and-chatgpt', pod: 'test-deployment-f4955dc4d-95wrl', container: 'ubuntu', previous: true }, '');
    openai = await startFakeOpenAI();
    // Each diagnosis names the workload it was asked about, so a test can tell them apart.
    openai.respond = (request) => {
      const prompt = request.body.messages.map((m) => m.content).join('\n');
      if (request.body.response_format?.type !== 'json_schema') return reply.text(`Answer to: ${prompt.includes('exit code 0') ? 'exit code 0 question' : 'question'}`);
      const workload = /Workload: (\S+)/.exec(prompt)?.[1] ?? /((?:Deployment|StatefulSet)\/[\w-]+)/.exec(prompt)?.[1] ?? 'unknown';
      return reply.json(sampleDiagnosis({ faultLocation: `LLM says: ${workload}` }));
    };
    slack = await startFakeSlack();
    redis = new Redis(REDIS_URL);
    const dir = mkdtempSync(join(tmpdir(), 'kdb-e2e-'));
    kube.writeKubeconfig(join(dir, 'kubeconfig'));
    const port = await freePort();
    bot = await spawnBot({
      KUBECONFIG: join(dir, 'kubeconfig'),
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_OPS_CHANNEL: OPS,
      SLACK_API_URL: slack.url,
      OPENAI_API_KEY: 'sk-e2e-not-a-real-key',
      OPENAI_BASE_URL: openai.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      CLUSTER_NAME: 'e2e',
      PORT: String(port),
      PENDING_THRESHOLD_SECONDS: '0',
      STARTUP_GRACE_SECONDS: '0',
      RESOLVE_AFTER_SECONDS: '1',
    });
    signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, responseUrl: () => slack.responseUrl() });
  });

  afterAll(async () => {
    await bot?.stop();
    await Promise.all([kube?.close(), openai?.close(), slack?.close()]);
    if (redis) {
      await deletePrefix(redis, prefix);
      await redis.quit();
    }
  });

  it('posts case A once, with all five parts and an evidence reply', async () => {
    const message = await waitUntil(() => incidentMessage(slack, 'Deployment test-deployment'), 30_000, 'case A message');
    const blocks = blocksText(message);
    expect(blocks).toContain('CrashLoopBackOff');
    expect(blocks).toContain('LLM says');
    for (const heading of ['Fault location', 'What the error means', 'Probable causes', 'Debug steps', 'Fixes']) expect(blocks).toContain(heading);
    const evidence = await waitUntil(() => slack.replies(OPS, message.ts)[0], 10_000, 'evidence reply');
    expect(evidence.text + blocksText(evidence)).toContain('Back-off restarting failed container ubuntu');
  });

  it('posts one message per failing workload of case B (the PVCs without a StorageClass)', async () => {
    const alertmanager = await waitUntil(() => incidentMessage(slack, 'StatefulSet prometheus-alertmanager'), 30_000, 'case B message');
    expect(blocksText(alertmanager)).toContain('PVCUnbound');
    await waitUntil(() => incidentMessage(slack, 'Deployment prometheus-server'), 30_000, 'prometheus-server message');
  });

  it('never posts an incident twice', async () => {
    // Let the watcher re-check and resync a few times, then count.
    kube.dropWatches();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const incidents = topLevel(slack).filter((m) => m.metadata?.event_type === 'kdb_incident');
    const keys = incidents.map((m) => String(m.metadata?.event_payload.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect(incidents).toHaveLength(3);
  });

  it('answers a question in the thread with the conversation', async () => {
    const message = incidentMessage(slack, 'Deployment test-deployment');
    if (!message) throw new Error('case A message missing');
    const asked = openai.requests.length;
    const response = await signer.event({ type: 'message', channel: OPS, user: 'U0PERSON', text: 'Why does it end with exit code 0?', ts: `${Date.now() / 1000}`, thread_ts: message.ts });
    expect(response.status).toBe(200);
    const answer = await waitUntil(() => slack.replies(OPS, message.ts).find((m) => m.text.includes('Answer to') || blocksText(m).includes('Answer to')), 20_000, 'thread answer');
    expect(answer.text + blocksText(answer)).toContain('exit code 0 question');
    const followup = openai.requests.slice(asked).find((r) => r.body.response_format?.type !== 'json_schema');
    const sent = followup?.body.messages.map((m) => m.content).join('\n') ?? '';
    expect(sent).toContain('Why does it end with exit code 0?');
    expect(sent).toContain('test-deployment');
  });

  it('diagnoses a workload on demand with /k8s-diagnose', async () => {
    const before = topLevel(slack).length;
    const ack = await signer.command('/k8s-diagnose', 'deployment/test-deployment -n k8s-and-chatgpt');
    expect(ack.status).toBe(200);
    expect(ack.text).toMatch(/deployment\/test-deployment/i);
    const posted = await waitUntil(() => topLevel(slack).slice(before).find((m) => blocksText(m).includes('test-deployment')), 20_000, 'command answer');
    expect(blocksText(posted)).toContain('Fault location');
  });

  it('marks the incident resolved when the pods recover', async () => {
    for (const pod of ['95wrl', 'ss6nq', 'tdkxc']) {
      const name = `test-deployment-f4955dc4d-${pod}`;
      const current = kube.get('Pod', 'k8s-and-chatgpt', name);
      if (!current) throw new Error(`${name} missing`);
      const status = current.status as { containerStatuses: Array<Record<string, unknown>> };
      kube.upsert({
        ...current,
        status: {
          ...status,
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: status.containerStatuses.map((c) => ({ ...c, ready: true, started: true, state: { running: { startedAt: new Date().toISOString() } } })),
        },
      });
    }
    const message = incidentMessage(slack, 'Deployment test-deployment');
    if (!message) throw new Error('case A message missing');
    await waitUntil(
      () => slack.callsTo('chat.update').some((call) => call.payload.ts === message.ts && JSON.stringify(call.payload.blocks).includes('Resolved after')),
      40_000,
      'resolved header',
    );
  });
});
