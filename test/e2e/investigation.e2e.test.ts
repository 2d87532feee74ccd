import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueues, type Queues } from '../../src/queue/createQueues.js';
import { createThreadStore } from '../../src/slack/createThreadStore.js';
import type { FollowupJobData } from '../../src/slack/types.js';
import { reply, sampleDiagnosis } from '../fakes/openai.js';
import { freePort, spawnBot, waitUntil, type BotProcess } from './spawnBot.js';
import { exampleObjects, OPS, startWorld, type World } from './startWorld.js';

const POD = 'test-deployment-f4955dc4d-95wrl';

/** An investigation in a real worker process that is SIGKILLed halfway through. */
describe('investigation across a worker restart (node dist/cli.js start)', () => {
  let world: World | undefined;
  let queues: Queues<FollowupJobData> | undefined;
  let redis: Redis | undefined;
  const bots: BotProcess[] = [];

  afterEach(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.stop('SIGKILL')));
    await queues?.close();
    redis?.disconnect();
    await world?.close();
  });

  it('loses nothing and posts one answer when the worker dies in the middle of an investigation', async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    const w = world;
    let rounds = 0;
    w.openai.respond = (request) => {
      if (request.body.tools === undefined) return reply.json(sampleDiagnosis());
      rounds += 1;
      // Round 2 of the first worker never comes back: the worker is killed while it waits.
      if (rounds === 2) return reply.slow(60_000, reply.text('too late'));
      if (rounds === 1 || rounds === 3) return reply.toolCalls({ name: 'events', arguments: { kind: 'pod', namespace: 'k8s-and-chatgpt', name: POD } });
      return reply.text('It crash-loops: the events show 209 back-offs.');
    };
    const start = async (role: string) => {
      const bot = await spawnBot(w.env({ PORT: String(await freePort()), JOB_STALL_SECONDS: '2' }), ['--role', role]);
      bots.push(bot);
      return bot;
    };
    await start('watcher');
    const first = await start('worker');
    const incident = await waitUntil(() => w.incident('Deployment test-deployment'), 30_000, 'the incident post');

    // What the Slack role enqueues for a thread message.
    redis = new Redis(w.env().REDIS_URL ?? '', { maxRetriesPerRequest: null });
    queues = createQueues<FollowupJobData>({ connection: redis, prefix: w.prefix });
    const question: FollowupJobData = { type: 'question', channel: OPS, user: 'U0PERSON', threadTs: incident.ts, messageTs: '1700000000.000100', text: 'why does it keep restarting?' };
    await queues.followups.add('question', question, { jobId: `q-${incident.ts}` });

    await waitUntil(() => rounds === 2, 30_000, 'the first worker in round 2');
    await first.stop('SIGKILL');
    await start('worker');

    const answer = await waitUntil(() => w.slack.replies(OPS, incident.ts).find((m) => m.text.includes('209 back-offs')), 40_000, 'the answer');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const answers = w.slack.replies(OPS, incident.ts).filter((m) => m.text.includes('back-offs') || m.text.includes('too late'));
    expect(answers).toHaveLength(1);
    expect(answer.text).toContain(`Looked at: events of pod/${POD}`);
    expect(rounds).toBe(4);
    // The thread's conversation has the question and the answer once each.
    const store = createThreadStore({ redis, prefix: w.prefix });
    const record = await store.findByThread(OPS, incident.ts);
    expect((await store.conversation(record?.key ?? '')).map((turn) => turn.role)).toEqual(['user', 'assistant']);
    // The second worker started the investigation over, from the same question.
    const restarted = w.openai.requests.filter((r) => r.body.tools !== undefined)[2];
    expect(restarted?.raw).toContain('why does it keep restarting?');
  });
});
