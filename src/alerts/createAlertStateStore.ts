import type { Redis } from 'ioredis';

/** What the bot last handled of one alert (by Alertmanager's fingerprint) in one incident. */
export interface AlertState {
  alertname: string;
  status: 'firing' | 'resolved';
  startsAt: string;
  endsAt: string;
}

/**
 * Per incident thread, the state of each alert seen there, in one Redis hash that expires with
 * the thread (default 30 days). It is what makes Alertmanager's repeats and retries no-ops.
 */
export interface AlertStateStore {
  get(threadKey: string): Promise<Record<string, AlertState>>;
  set(threadKey: string, changes: Record<string, AlertState>): Promise<void>;
}

export function createAlertStateStore(options: { redis: Redis; prefix: string; ttlSeconds?: number }): AlertStateStore {
  const { redis, prefix } = options;
  const ttl = options.ttlSeconds ?? 30 * 24 * 3600;
  const hash = (threadKey: string): string => `${prefix}:alertstate:${threadKey}`;
  return {
    get: async (threadKey) => {
      const raw = await redis.hgetall(hash(threadKey));
      return Object.fromEntries(Object.entries(raw).map(([fingerprint, value]) => [fingerprint, JSON.parse(value) as AlertState]));
    },
    set: async (threadKey, changes) => {
      const entries = Object.entries(changes);
      if (entries.length === 0) return;
      await redis
        .multi()
        .hset(hash(threadKey), Object.fromEntries(entries.map(([fingerprint, state]) => [fingerprint, JSON.stringify(state)])))
        .expire(hash(threadKey), ttl)
        .exec();
    },
  };
}
