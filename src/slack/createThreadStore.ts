import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Finding } from '../analyze/types.js';
import type { ChatTurn, DiagnosisResult, Evidence, Language } from '../diagnose/types.js';
import type { AlertView } from './renderAlertMessage.js';

/** Everything needed to edit an incident's message and to answer in its thread. */
export interface ThreadRecord {
  /** The thread's key: one per incident occurrence (fingerprint and first seen), or `cmd-…`. */
  key: string;
  /** The watcher's fingerprint; absent for `/k8s-diagnose` posts, which cannot be muted. */
  fingerprint?: string;
  channel: string;
  /** The top-level message's ts: the thread's id. */
  ts: string;
  cluster: string;
  finding: Finding;
  /** Redacted evidence the diagnosis was made from; follow-ups start from it. */
  evidence: Evidence;
  result: DiagnosisResult;
  language: Language;
  firstSeen: string;
  occurrences: number;
  mentions: string[];
  /** The evidence reply is in the thread. */
  evidencePosted: boolean;
  /** Epoch ms of the last "still happening" note in the thread. */
  lastNoteAt?: number;
  /** Set once the resolution is posted. */
  resolvedAfterMs?: number;
  /** The `RUNBOOK_URLS` link for this incident's category or namespace. */
  runbookUrl?: string;
  /** Who pressed "I'm on it": shown in the message; the "still failing" notes stop. */
  onItBy?: string;
  /** The mute shown in the message (the handler reads the fingerprint's own mute key); undefined once unmuted. */
  mute?: Mute | undefined;
  /** The Prometheus alert that opened the incident; its message is headed by it. */
  alert?: AlertView;
  /**
   * A watcher incident posted in an alert-opened thread of its workload: that thread's key. It has
   * no message of its own (`ts` is the thread's), so it is never edited, and the thread keeps
   * answering as the alert's incident.
   */
  joinedTo?: string;
}

/** Who muted an incident, until when (epoch ms). */
export interface Mute {
  until: number;
  by: string;
}

/**
 * Incident ↔ (channel, ts), each thread's conversation, posting markers and mutes, in Redis under
 * one prefix. Records expire after `ttlSeconds` (default 30 days): an old thread stops answering.
 */
export interface ThreadStore {
  get(key: string): Promise<ThreadRecord | undefined>;
  /**
   * Saves the record, the (channel, ts) → key index and, with a fingerprint, its current thread and
   * its workload's; a joined record (`joinedTo`) takes neither thread index, only its fingerprint's.
   */
  save(record: ThreadRecord): Promise<void>;
  /** The latest thread of a fingerprint (a resolved incident that recurs gets a new thread). */
  current(fingerprint: string): Promise<ThreadRecord | undefined>;
  /**
   * The latest incident thread of a workload, whatever its category or source (watcher or
   * Prometheus alert): where an alert about that workload joins.
   */
  currentOfWorkload(ref: { cluster: string; namespace: string; workload: string }): Promise<ThreadRecord | undefined>;
  update(key: string, changes: Partial<Omit<ThreadRecord, 'key' | 'channel' | 'ts'>>): Promise<ThreadRecord | undefined>;
  findByThread(channel: string, ts: string): Promise<ThreadRecord | undefined>;
  /**
   * Marks that a post for `key` is about to be sent. Resolves to undefined for the first caller,
   * or to the epoch ms of an earlier mark: an earlier attempt may have posted, look before posting.
   */
  markPosting(key: string, now: number): Promise<number | undefined>;
  /**
   * Takes the lock `key` for `owner` for at most `ttlMs`; resolves to the function that releases
   * it, or to undefined while another owner holds it. The same owner takes it back at once: a job
   * re-run after its worker died is not kept waiting by its own stale lock.
   */
  lock(key: string, owner: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
  /**
   * True for the first call for `key` in each `windowMs`, false for the others, across processes
   * (a Redis key set NX with a TTL): e.g. one re-diagnosis per incident per minute.
   */
  throttle(key: string, windowMs: number): Promise<boolean>;
  /** The conversation so far, oldest first. */
  conversation(key: string): Promise<ChatTurn[]>;
  appendTurns(key: string, turns: ChatTurn[]): Promise<void>;
  mute(key: string, mute: Mute, now: number): Promise<void>;
  mutedUntil(key: string): Promise<Mute | undefined>;
  unmute(key: string): Promise<void>;
}

/** Takes a lock that is free or already the caller's. */
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
/** Deletes a lock only if the caller still holds it. */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** Turns kept per thread; the diagnoser's token budget trims further. */
const MAX_TURNS = 40;

export function createThreadStore(options: { redis: Redis; prefix: string; ttlSeconds?: number }): ThreadStore {
  const { redis, prefix } = options;
  const ttl = options.ttlSeconds ?? 30 * 24 * 3600;
  const recordKey = (key: string): string => `${prefix}:thread:${key}`;
  const indexKey = (channel: string, ts: string): string => `${prefix}:ts:${channel}:${ts}`;

  const get = async (key: string): Promise<ThreadRecord | undefined> => {
    const raw = await redis.get(recordKey(key));
    return raw === null ? undefined : (JSON.parse(raw) as ThreadRecord);
  };
  const currentKey = (fingerprint: string): string => `${prefix}:current:${fingerprint}`;
  const workloadKey = (ref: { cluster: string; namespace: string; workload: string }): string =>
    `${prefix}:workload:${createHash('sha256').update(JSON.stringify([ref.cluster, ref.namespace, ref.workload])).digest('hex').slice(0, 32)}`;

  const save = async (record: ThreadRecord): Promise<void> => {
    const multi = redis.multi().set(recordKey(record.key), JSON.stringify(record), 'EX', ttl);
    const joined = record.joinedTo !== undefined;
    if (!joined) multi.set(indexKey(record.channel, record.ts), record.key, 'EX', ttl);
    if (record.fingerprint !== undefined) {
      multi.set(currentKey(record.fingerprint), record.key, 'EX', ttl);
      if (!joined) multi.set(workloadKey({ cluster: record.cluster, namespace: record.finding.namespace, workload: record.finding.workload }), record.key, 'EX', ttl);
    }
    await multi.exec();
  };

  return {
    get,
    save,
    current: async (fingerprint) => {
      const key = await redis.get(currentKey(fingerprint));
      return key === null ? undefined : get(key);
    },
    currentOfWorkload: async (ref) => {
      const key = await redis.get(workloadKey(ref));
      return key === null ? undefined : get(key);
    },
    update: async (key, changes) => {
      const record = await get(key);
      if (record === undefined) return undefined;
      const next = { ...record, ...changes };
      await redis.set(recordKey(key), JSON.stringify(next), 'EX', ttl);
      return next;
    },
    findByThread: async (channel, ts) => {
      const key = await redis.get(indexKey(channel, ts));
      return key === null ? undefined : get(key);
    },
    markPosting: async (key, now) => {
      const marker = `${prefix}:posting:${key}`;
      const set = await redis.set(marker, String(now), 'EX', ttl, 'NX');
      if (set === 'OK') return undefined;
      return Number((await redis.get(marker)) ?? now);
    },
    lock: async (key, owner, ttlMs) => {
      const name = `${prefix}:lock:${key}`;
      if ((await redis.eval(ACQUIRE, 1, name, owner, ttlMs)) !== 1) return undefined;
      // Only the holder may release it: an expired lock may already be someone else's.
      return async () => {
        await redis.eval(RELEASE, 1, name, owner);
      };
    },
    throttle: async (key, windowMs) => (await redis.set(`${prefix}:throttle:${key}`, '1', 'PX', windowMs, 'NX')) === 'OK',
    conversation: async (key) => (await redis.lrange(`${prefix}:conv:${key}`, 0, -1)).map((raw) => JSON.parse(raw) as ChatTurn),
    appendTurns: async (key, turns) => {
      if (turns.length === 0) return;
      const list = `${prefix}:conv:${key}`;
      await redis
        .multi()
        .rpush(list, ...turns.map((t) => JSON.stringify(t)))
        .ltrim(list, -MAX_TURNS, -1)
        .expire(list, ttl)
        .exec();
    },
    mute: async (key, mute, now) => {
      await redis.set(`${prefix}:mute:${key}`, JSON.stringify(mute), 'PX', Math.max(1, mute.until - now));
    },
    unmute: async (key) => {
      await redis.del(`${prefix}:mute:${key}`);
    },
    mutedUntil: async (key) => {
      const raw = await redis.get(`${prefix}:mute:${key}`);
      return raw === null ? undefined : (JSON.parse(raw) as Mute);
    },
  };
}
