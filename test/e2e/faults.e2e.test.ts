import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reply, sampleDiagnosis } from '../fakes/openai.js';
import type { FakeMessage } from '../fakes/slack.js';
import { trackChild } from '../helpers/childProcesses.js';
import { redisAnswers } from '../helpers/redis.js';
import { freePort, spawnBot, START_TIMEOUT_MS, stopAllBots, waitUntil, type BotProcess } from './spawnBot.js';
import { exampleObjects, startWorld, type World } from './startWorld.js';

const CASE_A = 'Deployment test-deployment';
const CASE_B = ['StatefulSet prometheus-alertmanager', 'Deployment prometheus-server'];
/** How long to keep watching for a duplicate after the expected posts arrived. */
const SETTLE_MS = 3000;

const contextText = (message: FakeMessage): string => {
  const blocks = (message.blocks ?? []) as Array<{ type: string; elements?: Array<{ text?: string }> }>;
  return blocks.filter((b) => b.type === 'context').flatMap((b) => b.elements ?? []).map((e) => e.text ?? '').join(' ');
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each fault test asserts: every incident posted exactly once, nothing lost. */
// Up to two bot starts and a 60 s wait for posts on a loaded 2-core machine.
describe('faults (real processes, real Redis, loopback fakes)', { timeout: 2 * START_TIMEOUT_MS + 90_000 }, () => {
  let world: World | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];

  async function start(env: Record<string, string> = {}, args: string[] = []): Promise<BotProcess> {
    if (!world) throw new Error('no world');
    return spawnBot(world.env({ PORT: String(await freePort()), ...env }), args);
  }

  /** Waits for the incidents of `workloads`, then a little longer, and checks each is there once. */
  async function expectPostedOnce(workloads: string[], timeoutMs = 60_000): Promise<FakeMessage[]> {
    const w = world as World;
    await waitUntil(() => workloads.every((name) => w.incident(name) !== undefined), timeoutMs, `posts of ${workloads.join(', ')}`);
    await sleep(SETTLE_MS);
    const keys = w.incidents().map((m) => String(m.metadata?.event_payload.key));
    expect(new Set(keys).size, 'no incident posted twice').toBe(keys.length);
    expect(keys).toHaveLength(workloads.length);
    return workloads.map((name) => w.incident(name) as FakeMessage);
  }

  afterEach(async () => {
    // Every process, also a bot that never printed its start line.
    await stopAllBots();
    await world?.close();
    world = undefined;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('posts the LLM answer once when OpenAI fails 5 times first', async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    world.openai.script(...Array.from({ length: 5 }, () => reply.serverError(500)), reply.json(sampleDiagnosis({ explanation: 'sixth time lucky' })));
    await start({ OPENAI_MAX_RETRIES: '5' });
    const [message] = await expectPostedOnce([CASE_A]);
    expect(JSON.stringify(message?.blocks)).toContain('sixth time lucky');
    expect(world.openai.requests).toHaveLength(6);
  });

  it('posts the rule-based diagnosis within 30 s when OpenAI is down', async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    await start({ OPENAI_BASE_URL: `http://127.0.0.1:${await freePort()}/v1` });
    // From the moment it runs: how long a loaded machine takes to start node is not the bot's answer time.
    const started = Date.now();
    const [message] = await expectPostedOnce([CASE_A]);
    expect(Number(message?.ts) * 1000 - started).toBeLessThan(30_000);
    expect(contextText(message as FakeMessage)).toMatch(/rule-based · the LLM did not answer/);
  });

  it('lands a post once when Slack answers ratelimited', async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    world.slack.fail('chat.postMessage', { ratelimited: { retryAfterSeconds: 1 } }, 2);
    await start();
    await expectPostedOnce([CASE_A]);
    const attempts = world.slack.callsTo('chat.postMessage').filter((call) => call.payload.thread_ts === undefined);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
  });

  it('loses nothing and repeats nothing when the watch is dropped and answered with 410', async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    await start();
    await expectPostedOnce([CASE_A]);
    world.kube.expireWatches();
    world.kube.dropWatches();
    // A failure that starts while the watches are down must still arrive.
    for (const object of exampleObjects('case-b-prometheus-pending.json')) world.kube.upsert(object);
    await expectPostedOnce([CASE_A, ...CASE_B]);
  });

  it('posts once with two watchers and two workers', async () => {
    world = await startWorld([...exampleObjects('case-a-crashloop.json'), ...exampleObjects('case-b-prometheus-pending.json')]);
    await Promise.all([start({}, ['--role', 'watcher']), start({}, ['--role', 'watcher']), start({}, ['--role', 'worker']), start({}, ['--role', 'worker'])]);
    await expectPostedOnce([CASE_A, ...CASE_B]);
  });

  it('hands the job of a SIGKILLed worker to another after the stall interval', async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    const openai = world.openai;
    // The first diagnosis hangs long enough to kill its worker in the middle of it.
    openai.script(reply.slow(20_000), reply.json(sampleDiagnosis({ explanation: 'answered by the second worker' })));
    const stall = { JOB_STALL_SECONDS: '2' };
    await start(stall, ['--role', 'watcher']);
    const first = await start(stall, ['--role', 'worker']);
    await waitUntil(() => openai.requests.length === 1, 60_000, 'the first worker asking the LLM');
    await first.stop('SIGKILL');
    await start(stall, ['--role', 'worker']);
    const [message] = await expectPostedOnce([CASE_A]);
    expect(JSON.stringify(message?.blocks)).toContain('answered by the second worker');
  });

  it('recovers from a Redis restart in the middle of the flow', async () => {
    // A Redis of its own, so that restarting it disturbs no other test; it keeps its data on disk
    // across the restart, as a production Redis does.
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'kdb-redis-'));
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
    let redis: ChildProcess = trackChild(spawn('redis-server', args, { stdio: 'ignore' }));
    // stopAllBots kills this redis-server too (it is tracked); its data goes with the folder.
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const redisUrl = `redis://127.0.0.1:${port}`;
    world = await startWorld(exampleObjects('case-a-crashloop.json'), { redisUrl });
    const openai = world.openai;
    openai.script(reply.slow(3000));
    await waitUntil(() => redisAnswers(redisUrl), 5000, 'redis');
    await start();
    await waitUntil(() => openai.requests.length === 1, 60_000, 'the diagnosis in hand');
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    // A new failure while Redis is down.
    for (const object of exampleObjects('case-b-prometheus-pending.json')) world.kube.upsert(object);
    await sleep(2000);
    redis = trackChild(spawn('redis-server', args, { stdio: 'ignore' }));
    await expectPostedOnce([CASE_A, ...CASE_B], 60_000);
  });

  it('stops within 10 s on SIGTERM, and the job in hand is not lost', async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    const openai = world.openai;
    openai.script(reply.slow(4000));
    const bot = await start();
    await waitUntil(() => openai.requests.length === 1, 60_000, 'the diagnosis in hand');
    const stopped = await bot.stop('SIGTERM');
    expect(stopped.ms).toBeLessThan(10_000);
    expect(stopped.code).toBe(0);
    // Whatever was not finished is still in Redis for the next process.
    await start();
    await expectPostedOnce([CASE_A]);
  });
});
