import type { Redis } from 'ioredis';
import type { Finding } from '../analyze/types.js';

/** What the store decided about one observation of a failure. */
export interface Observation {
  /** `new`: first time in the cooldown; `update`: time for a thread update; `none`: folded in silently. */
  action: 'new' | 'update' | 'none';
  firstSeenMs: number;
  /** When this decision was taken (the moment in the job id). */
  atMs: number;
  occurrences: number;
}

/** A resolved incident, returned once (to one caller) per resolution. */
export interface Resolution {
  firstSeenMs: number;
  resolvedAtMs: number;
  occurrences: number;
  finding: Finding;
}

/** An incident still open in Redis, for a watcher that (re)starts. */
export interface OpenIncident {
  fingerprint: string;
  finding: Finding;
  lastSeenMs: number;
}

/**
 * Incident state shared by every watcher of a cluster, in Redis: one hash per fingerprint whose
 * TTL is the cooldown, changed only by Lua scripts so that two replicas, a resync or a restart
 * see one decision. BullMQ dedups a job id only while it keeps the job, so this is the real
 * dedup; the job id is a second guard.
 */
export interface IncidentStore {
  /** Records that the failure is present; `occurrences` is how many new sightings since the last call (0 on a recheck). */
  observe(input: ObserveInput): Promise<Observation>;
  /** `observe` for every failure one analysis found, in one Redis round trip (a pipeline of the same script). */
  observeAll(inputs: readonly ObserveInput[]): Promise<Observation[]>;
  /** Marks the incident resolved; undefined when it was not open (already resolved by another replica, or expired). */
  resolve(input: { fingerprint: string; nowMs: number }): Promise<Resolution | undefined>;
  /** Incidents open for this cluster, so a restarted watcher can still resolve them. */
  openIncidents(): Promise<OpenIncident[]>;
  /** Forgets an incident whose `new` job could not be enqueued, so the next sighting is `new` again. */
  forget(fingerprint: string): Promise<void>;
}

/** One sighting of a failure, for `observe`. */
export interface ObserveInput {
  fingerprint: string;
  finding: Finding;
  nowMs: number;
  occurrences: number;
}

/** Options of `createIncidentStore`. */
export interface CreateIncidentStoreOptions {
  redis: Redis;
  /** Key prefix (`REDIS_PREFIX`). */
  prefix: string;
  cluster: string;
  /** A repeat within this window is the same incident (`INCIDENT_COOLDOWN_SECONDS`); default 1 h. */
  cooldownMs?: number;
  /** At most one `update` per incident in this window (`UPDATE_INTERVAL_SECONDS`); default 5 min. */
  updateIntervalMs?: number;
}

// KEYS: incident hash, open set. ARGV: now, cooldown, update interval, occurrences, finding, fingerprint.
const OBSERVE = `
local now = tonumber(ARGV[1])
local state = redis.call('HGET', KEYS[1], 'state')
local action = 'none'
-- A failure that comes back after its resolution is a new incident: the old message says
-- "Resolved", so it gets a message (and thread) of its own.
if not state or state == 'resolved' then
  redis.call('HSET', KEYS[1], 'firstSeen', now, 'lastSeen', now, 'occurrences', math.max(1, tonumber(ARGV[4])),
    'lastNotified', now, 'state', 'open', 'finding', ARGV[5])
  action = 'new'
else
  redis.call('HINCRBY', KEYS[1], 'occurrences', ARGV[4])
  redis.call('HSET', KEYS[1], 'lastSeen', now, 'finding', ARGV[5])
  local last = tonumber(redis.call('HGET', KEYS[1], 'lastNotified'))
  local changed = tonumber(ARGV[4]) > 0
  if changed and now - last >= tonumber(ARGV[3]) then
    redis.call('HSET', KEYS[1], 'lastNotified', now, 'state', 'open')
    action = 'update'
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[6])
return {action, redis.call('HGET', KEYS[1], 'firstSeen'), redis.call('HGET', KEYS[1], 'occurrences')}
`;

// KEYS: incident hash, open set. ARGV: now, cooldown, fingerprint.
const RESOLVE = `
redis.call('SREM', KEYS[2], ARGV[3])
if redis.call('HGET', KEYS[1], 'state') ~= 'open' then return false end
redis.call('HSET', KEYS[1], 'state', 'resolved', 'resolvedAt', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('HMGET', KEYS[1], 'firstSeen', 'occurrences', 'finding')
`;

type Scripts = {
  kdbObserveIncident(k1: string, k2: string, ...args: (string | number)[]): unknown;
  kdbResolveIncident(k1: string, k2: string, ...args: (string | number)[]): Promise<[string, string, string] | null>;
};

/** The Redis-backed `IncidentStore`. */
export function createIncidentStore(options: CreateIncidentStoreOptions): IncidentStore {
  const { redis, prefix, cluster } = options;
  const cooldownMs = options.cooldownMs ?? 3_600_000;
  const updateIntervalMs = options.updateIntervalMs ?? 300_000;
  const scripts = redis as unknown as Redis & Scripts;
  if (typeof scripts.kdbObserveIncident !== 'function') {
    redis.defineCommand('kdbObserveIncident', { numberOfKeys: 2, lua: OBSERVE });
    redis.defineCommand('kdbResolveIncident', { numberOfKeys: 2, lua: RESOLVE });
  }
  const keyOf = (fingerprint: string) => `${prefix}:incident:${fingerprint}`;
  const openKey = `${prefix}:incidents-open:${cluster}`;

  /** One pipeline: every observation of an analysis costs one round trip, however many failures it found. */
  async function observeAll(inputs: readonly ObserveInput[]): Promise<Observation[]> {
    if (inputs.length === 0) return [];
    const pipeline = redis.pipeline();
    const queued = pipeline as unknown as Scripts;
    for (const { fingerprint, finding, nowMs, occurrences } of inputs) {
      queued.kdbObserveIncident(keyOf(fingerprint), openKey, nowMs, cooldownMs, updateIntervalMs, occurrences, JSON.stringify(finding), fingerprint);
    }
    const results = (await pipeline.exec()) ?? [];
    return inputs.map(({ nowMs }, i) => {
      const [error, reply] = results[i] ?? [new Error('no reply from Redis'), undefined];
      if (error) throw error;
      const [action, firstSeen, total] = reply as [string, string, string];
      return { action: action as Observation['action'], firstSeenMs: Number(firstSeen), atMs: nowMs, occurrences: Number(total) };
    });
  }

  return {
    async observe(input) {
      const [observation] = await observeAll([input]);
      if (observation === undefined) throw new Error('observeAll returned nothing');
      return observation;
    },
    observeAll,
    async resolve({ fingerprint, nowMs }) {
      const result = await scripts.kdbResolveIncident(keyOf(fingerprint), openKey, nowMs, cooldownMs, fingerprint);
      if (!result) return undefined;
      const [firstSeen, occurrences, finding] = result;
      return { firstSeenMs: Number(firstSeen), resolvedAtMs: nowMs, occurrences: Number(occurrences), finding: JSON.parse(finding) as Finding };
    },
    async forget(fingerprint) {
      await redis.multi().del(keyOf(fingerprint)).srem(openKey, fingerprint).exec();
    },
    async openIncidents() {
      const fingerprints = await redis.smembers(openKey);
      if (fingerprints.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const fingerprint of fingerprints) pipeline.hmget(keyOf(fingerprint), 'state', 'finding', 'lastSeen');
      const results = (await pipeline.exec()) ?? [];
      const out: OpenIncident[] = [];
      const closed: string[] = [];
      fingerprints.forEach((fingerprint, i) => {
        const [error, reply] = results[i] ?? [new Error('no reply from Redis'), undefined];
        if (error) throw error;
        const [state, finding, lastSeen] = reply as (string | null)[];
        if (state === 'open' && finding) out.push({ fingerprint, finding: JSON.parse(finding) as Finding, lastSeenMs: Number(lastSeen) });
        else closed.push(fingerprint);
      });
      if (closed.length > 0) await redis.srem(openKey, closed);
      return out;
    },
  };
}
