import type { Redis } from 'ioredis';

/** What the bot last handled of one alert (by Alertmanager's fingerprint) in one incident. */
export interface AlertState {
  alertname: string;
  status: 'firing' | 'resolved';
  startsAt: string;
  endsAt: string;
}

/**
 * The state of a watcher finding that joined an alert-opened thread, kept beside the alerts' (the
 * `alertname` is its category): the thread resolves once nothing in it fires. Alertmanager's
 * fingerprints are hex, so no alert's id starts with this.
 */
export const watcherStateId = (fingerprint: string): string => `watcher:${fingerprint}`;
export const isWatcherState = (id: string): boolean => id.startsWith('watcher:');

/** Alerts remembered per thread: pods come and go, each with an alert of its own. */
export const MAX_ALERT_STATES = 1000;

/**
 * Per incident thread, the state of each alert seen there, in one Redis hash that expires with
 * the thread (default 30 days) and holds at most `MAX_ALERT_STATES` alerts (resolved ones go
 * first, then the oldest). It is what makes Alertmanager's repeats and retries no-ops.
 */
export interface AlertStateStore {
  get(threadKey: string): Promise<Record<string, AlertState>>;
  set(threadKey: string, changes: Record<string, AlertState>): Promise<void>;
}

export function createAlertStateStore(options: { redis: Redis; prefix: string; ttlSeconds?: number; maxAlerts?: number }): AlertStateStore {
  const { redis, prefix } = options;
  const maxAlerts = options.maxAlerts ?? MAX_ALERT_STATES;
  const ttl = options.ttlSeconds ?? 30 * 24 * 3600;
  const hash = (threadKey: string): string => `${prefix}:alertstate:${threadKey}`;
  const get = async (threadKey: string): Promise<Record<string, AlertState>> => {
    const raw = await redis.hgetall(hash(threadKey));
    return Object.fromEntries(Object.entries(raw).map(([fingerprint, value]) => [fingerprint, JSON.parse(value) as AlertState]));
  };
  return {
    get,
    set: async (threadKey, changes) => {
      const entries = Object.entries(changes);
      if (entries.length === 0) return;
      const result = await redis
        .multi()
        .hset(hash(threadKey), Object.fromEntries(entries.map(([fingerprint, state]) => [fingerprint, JSON.stringify(state)])))
        .expire(hash(threadKey), ttl)
        .hlen(hash(threadKey))
        .exec();
      const size = Number(result?.[2]?.[1] ?? 0);
      if (size <= maxAlerts) return;
      // A joined watcher finding is one entry that keeps the thread open: never dropped for alerts.
      const all = Object.entries(await get(threadKey));
      const byAge = all.filter(([id]) => !isWatcherState(id)).sort(
        ([, a], [, b]) => Number(a.status === 'firing') - Number(b.status === 'firing') || Date.parse(a.startsAt) - Date.parse(b.startsAt),
      );
      const drop = byAge.slice(0, all.length - maxAlerts).map(([fingerprint]) => fingerprint);
      if (drop.length > 0) await redis.hdel(hash(threadKey), ...drop);
    },
  };
}
