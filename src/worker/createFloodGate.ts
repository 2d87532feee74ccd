import type { Redis } from 'ioredis';
import type { Category } from '../analyze/types.js';
import type { IncidentJobData } from '../queue/types.js';
import type { FloodEntry, FloodState } from '../slack/renderFloodMessages.js';

/** The window in which new incidents are counted. */
export const FLOOD_WINDOW_MS = 5 * 60_000;
/** How long a summarised incident can still be diagnosed from its button. */
const KEEP_SECONDS = 24 * 3600;

/**
 * Counts new incidents in Redis for every worker, and holds the floods: when more than
 * `threshold` new incidents arrive within 5 minutes, the ones past it belong to the current flood
 * (which lasts until 5 minutes pass without a flooded incident) instead of getting a message each.
 * Every decision is kept per incident, so a retried job decides the same.
 */
export interface FloodGate {
  /** `post` (a message of its own) or the id of the flood it belongs to. */
  decide(key: string, now: number): Promise<{ flood: string | undefined }>;
  /** The flood an incident was summarised in, if any. */
  floodOf(key: string): Promise<string | undefined>;
  /** Adds the incident to its flood (once); true when it was new there. */
  record(flood: string, job: IncidentJobData, key: string): Promise<boolean>;
  state(flood: string): Promise<FloodState>;
  /** A category's incidents, oldest first (at most `limit`), and how many there are. */
  entries(flood: string, category: Category, limit: number): Promise<{ entries: FloodEntry[]; total: number }>;
  /** Where the flood's summary and category replies were posted. */
  message(flood: string, part: string): Promise<string | undefined>;
  saveMessage(flood: string, part: string, ts: string): Promise<void>;
  /** The job of a summarised incident, for its Diagnose button. */
  job(key: string): Promise<IncidentJobData | undefined>;
}

export function createFloodGate(options: { redis: Redis; prefix: string; threshold: number }): FloodGate {
  const { redis, threshold } = options;
  const p = `${options.prefix}:flood`;
  const decision = (key: string) => `${p}:decision:${key}`;
  return {
    decide: async (key, now) => {
      const earlier = await redis.get(decision(key));
      if (earlier !== null) return { flood: earlier === 'post' ? undefined : earlier };
      const [, , count] = ((await redis
        .multi()
        .zremrangebyscore(`${p}:window`, '-inf', now - FLOOD_WINDOW_MS)
        .zadd(`${p}:window`, 'NX', now, key)
        .zcard(`${p}:window`)
        .pexpire(`${p}:window`, FLOOD_WINDOW_MS)
        .exec()) ?? []).map(([, value]) => value) as [unknown, unknown, number];
      let value = 'post';
      if (count > threshold) {
        // The first flooded incident opens the flood; each one keeps it open another window.
        await redis.set(`${p}:current`, String(now), 'PX', FLOOD_WINDOW_MS, 'NX');
        value = (await redis.get(`${p}:current`)) ?? String(now);
        await redis.pexpire(`${p}:current`, FLOOD_WINDOW_MS);
      }
      // Two workers deciding at once for one incident (a retry beside a stalled run) agree on the first.
      await redis.set(decision(key), value, 'EX', KEEP_SECONDS, 'NX');
      const kept = (await redis.get(decision(key))) ?? value;
      return { flood: kept === 'post' ? undefined : kept };
    },
    floodOf: async (key) => {
      const value = await redis.get(decision(key));
      return value === null || value === 'post' ? undefined : value;
    },
    record: async (flood, job, key) => {
      const f = `${p}:${flood}`;
      const { finding } = job;
      if ((await redis.hsetnx(`${f}:items`, key, finding.category)) === 0) return false;
      const entry: FloodEntry = { key, namespace: finding.namespace, workload: finding.workload, severity: finding.severity };
      await redis
        .multi()
        .hincrby(`${f}:categories`, finding.category, 1)
        .sadd(`${f}:namespaces`, finding.namespace || '(cluster)')
        .rpush(`${f}:cat:${finding.category}`, JSON.stringify(entry))
        .set(`${p}:job:${key}`, JSON.stringify(job), 'EX', KEEP_SECONDS)
        .exec();
      for (const suffix of ['items', 'categories', 'namespaces', `cat:${finding.category}`]) await redis.expire(`${f}:${suffix}`, KEEP_SECONDS);
      return true;
    },
    state: async (flood) => {
      const f = `${p}:${flood}`;
      const [total, namespaces, counts] = await Promise.all([redis.hlen(`${f}:items`), redis.scard(`${f}:namespaces`), redis.hgetall(`${f}:categories`)]);
      const categories = Object.entries(counts)
        .map(([category, count]) => ({ category: category as Category, count: Number(count) }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
      return { id: flood, total, namespaces, categories };
    },
    entries: async (flood, category, limit) => {
      const list = `${p}:${flood}:cat:${category}`;
      const [raw, total] = await Promise.all([redis.lrange(list, 0, limit - 1), redis.llen(list)]);
      return { entries: raw.map((r) => JSON.parse(r) as FloodEntry), total };
    },
    message: async (flood, part) => (await redis.hget(`${p}:${flood}:messages`, part)) ?? undefined,
    saveMessage: async (flood, part, ts) => {
      await redis.multi().hset(`${p}:${flood}:messages`, part, ts).expire(`${p}:${flood}:messages`, KEEP_SECONDS).exec();
    },
    job: async (key) => {
      const raw = await redis.get(`${p}:job:${key}`);
      return raw === null ? undefined : (JSON.parse(raw) as IncidentJobData);
    },
  };
}
