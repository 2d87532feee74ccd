import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_QUEUE } from '../../src/alerts/types.js';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { QUEUES } from '../../src/queue/types.js';
import { startBot, type RunningBot } from '../../src/run/startBot.js';
import { createSlackSigner, type FakeMessage } from '../fakes/slack.js';
import { connectRedis } from '../helpers/redis.js';
import { freePort, waitUntil } from '../e2e/spawnBot.js';
import { exampleObjects, OPS, SIGNING_SECRET, startWorld, type World } from '../e2e/startWorld.js';

/**
 * Redis stays bounded: after the whole pipeline ran (watcher incidents, evidence, a follow-up, a
 * mute, a re-diagnosis, /k8s-diagnose, an Alertmanager webhook, a resolution), every key under the bot's prefix belongs to a
 * family that either expires or is capped. A new key family without a TTL fails here until it is
 * given one, or its cap is named below (and in docs/reliability.md).
 */

/** BullMQ's queue-level keys: one of each per queue, whatever the traffic. */
const BULLMQ_QUEUE_KEYS = new Set(['meta', 'id', 'events', 'stalled-check', 'marker', 'wait', 'active', 'paused', 'delayed', 'prioritized', 'pc', 'completed', 'failed', 'stalled', 'limiter', 'de']);

/** Families without a TTL, and how each one is capped: checked, not only named. */
const CAPPED: Record<string, { cap: string; check(redis: Redis, keys: string[]): Promise<void> }> = {
  'incidents-open': {
    cap: 'one set per cluster; a member per open incident, dropped on resolution or when its incident key expired',
    async check(redis, keys) {
      for (const key of keys) expect(await redis.scard(key)).toBeLessThanOrEqual(await openIncidentKeys(redis, key));
    },
  },
};
/** Every BullMQ queue the bot runs. */
const QUEUE_NAMES: readonly string[] = [...Object.values(QUEUES), ALERTS_QUEUE];
for (const queue of QUEUE_NAMES) {
  CAPPED[`${queue}:<job>`] = {
    cap: 'finished jobs removed by count and age (removeOnComplete / removeOnFail of the queue)',
    async check(redis, keys) {
      // Each stored job carries both removals, by count and by age.
      for (const key of keys.filter((k) => /:[^:]+$/.test(k) && !k.endsWith(':lock') && !k.endsWith(':logs'))) {
        if ((await redis.type(key)) !== 'hash') continue;
        const opts = JSON.parse((await redis.hget(key, 'opts')) ?? '{}') as Record<string, { count?: number; age?: number } | undefined>;
        const removals = [opts.removeOnComplete ?? opts.rc, opts.removeOnFail ?? opts.rf];
        for (const removal of removals) expect(removal, `${key} removal`).toMatchObject({ count: expect.any(Number), age: expect.any(Number) });
      }
    },
  };
  CAPPED[`${queue}:<queue key>`] = {
    cap: 'one key each per queue; the events stream trimmed by BullMQ (10,000), the finished sets by the job removal above',
    async check(redis, keys) {
      expect(new Set(keys).size).toBe(keys.length);
      const events = keys.find((key) => key.endsWith(':events'));
      if (events) expect(await redis.xlen(events)).toBeLessThanOrEqual(10_000);
    },
  };
}

/** The open set holds at most as many members as there are incident keys. */
async function openIncidentKeys(redis: Redis, openKey: string): Promise<number> {
  const prefix = openKey.slice(0, openKey.indexOf(':incidents-open:'));
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:incident:*`, 'COUNT', 1000);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

/**
 * A key's family: its first segment after the prefix (`thread`, `diagnosis`, `llm-rate`, ...),
 * and for a queue's keys, its BullMQ key name or `<job>` for a job's own keys.
 */
function keyFamily(prefix: string, key: string): string {
  const [first = '', second] = key.slice(prefix.length + 1).split(':');
  if (!QUEUE_NAMES.includes(first) || second === undefined) return first;
  return BULLMQ_QUEUE_KEYS.has(second) ? `${first}:<queue key>` : `${first}:<job>`;
}

async function scanAll(redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

describe('Redis stays bounded (every key family expires or is capped)', () => {
  let world: World;
  let bot: RunningBot | undefined;
  let redis: Redis;

  beforeAll(async () => {
    const objects = exampleObjects('case-a-crashloop.json');
    world = await startWorld(objects);
    redis = connectRedis();
    const port = await freePort();
    const config = readConfig(world.env({ PORT: String(port), UPDATE_INTERVAL_SECONDS: '1', ALERTMANAGER_TOKEN: 'am-token' }), 'all');
    bot = await startBot({ config, role: 'all', logger: createLogger(process.env.LOG_LEVEL ?? 'silent') });
    const signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, responseUrl: () => world.slack.responseUrl() });

    const message: FakeMessage = await waitUntil(() => world.incident('Deployment test-deployment'), 20_000, 'incident message');
    await waitUntil(() => world.slack.replies(OPS, message.ts)[0], 10_000, 'evidence reply');
    await signer.event({ type: 'message', channel: OPS, user: 'U0PERSON', text: 'Why exit code 0?', ts: `${Date.now() / 1000}`, thread_ts: message.ts });
    await waitUntil(() => world.slack.replies(OPS, message.ts).length >= 2 || undefined, 15_000, 'follow-up answer');
    const action = (actionId: string, actionTs: string) => ({
      type: 'block_actions',
      user: { id: 'U0PERSON', username: 'person', team_id: 'T0KDB' },
      channel: { id: OPS, name: 'ops' },
      container: { type: 'message', message_ts: message.ts, channel_id: OPS },
      message: { type: 'message', ts: message.ts, text: 'CrashLoopBackOff' },
      trigger_id: 'trig.1',
      response_url: world.slack.responseUrl(),
      actions: [{ action_id: actionId, block_id: 'b1', type: 'button', value: String(message.metadata?.event_payload.key ?? ''), action_ts: actionTs }],
    });
    await signer.interaction(action('kdb_rediagnose', `${Date.now() / 1000}`));
    await waitUntil(() => world.slack.replies(OPS, message.ts).length >= 3 || undefined, 15_000, 're-diagnosis');
    const before = world.slack.messages(OPS).length;
    await signer.command('/k8s-diagnose', 'deployment/test-deployment -n k8s-and-chatgpt');
    await waitUntil(() => world.slack.messages(OPS).length > before || undefined, 15_000, '/k8s-diagnose answer');
    await signer.interaction(action('kdb_mute_1h', `${Date.now() / 1000}`));
    // An Alertmanager webhook about another workload: the alerts queue and the alert states.
    const alert = { status: 'firing', labels: { alertname: 'KubeJobFailed', namespace: 'monitoring', job_name: 'backup' }, annotations: {}, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'f1' };
    const webhook = await fetch(`http://127.0.0.1:${port}/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer am-token' },
      body: JSON.stringify({ version: '4', groupKey: '{}:{}', truncatedAlerts: 0, status: 'firing', receiver: 'bot', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '', alerts: [alert] }),
    });
    expect(webhook.status).toBe(200);
    await waitUntil(() => world.incidents().find((m) => JSON.stringify(m.blocks).includes('backup')), 15_000, 'the alert incident');
    // The failure goes away: the incident resolves (RESOLVE_AFTER_SECONDS=1).
    for (const object of objects) if (object.kind === 'Pod' || object.kind === 'Event') world.kube.remove(object);
    await waitUntil(() => JSON.stringify(world.incident('Deployment test-deployment')?.blocks ?? []).match(/Resolved/i) ?? undefined, 20_000, 'resolution');
  }, 90_000);

  afterAll(async () => {
    await bot?.stop();
    redis?.disconnect();
    await world?.close();
  });

  it('gives every key family a TTL or a checked cap', async () => {
    const keys = await scanAll(redis, world.prefix);
    const families = new Map<string, string[]>();
    for (const key of keys) {
      const family = keyFamily(world.prefix, key);
      families.set(family, [...(families.get(family) ?? []), key]);
    }
    // The pipeline ran: the families it must have written are there.
    for (const family of ['incident', 'thread', 'ts', 'current', 'posting', 'conv', 'mute', 'diagnosis', 'llm-rate', 'incidents:<job>', 'followups:<job>', 'alerts:<job>']) {
      expect([...families.keys()]).toContain(family);
    }
    const uncapped: string[] = [];
    for (const [family, members] of families) {
      const capped = CAPPED[family];
      if (capped) {
        await capped.check(redis, members);
        continue;
      }
      const ttls = await Promise.all(members.map((key) => redis.pttl(key)));
      // -1: no TTL. (-2 is a key deleted since the SCAN, such as a released lock.)
      const without = members.filter((_, i) => ttls[i] === -1);
      if (without.length > 0) uncapped.push(`${family} (${without.length} keys without TTL, e.g. ${without[0]?.slice(world.prefix.length + 1)})`);
    }
    expect(uncapped).toEqual([]);
  });
});
