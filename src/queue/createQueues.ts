import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { QUEUES, type IncidentJobData } from './types.js';

/**
 * Retries with exponential backoff (3 s, 6 s, 12 s, ... about 50 minutes in all) outlast a Slack
 * or LLM outage of that long: a `resolved` job is never issued twice, so giving up early would
 * leave its message red. Bounded retention keeps Redis small (dedup does not rely on kept jobs,
 * see `createIncidentStore`).
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 3000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
};

export interface CreateQueuesOptions {
  /** An ioredis instance (shared, not closed by `close()`) or connection options. */
  connection: ConnectionOptions;
  /** Redis key prefix of every queue (`REDIS_PREFIX`; tests use `testPrefix()`). */
  prefix: string;
  defaultJobOptions?: DefaultJobOptions;
}

/** The producer side of both queues. */
export interface Queues<FollowupData = unknown> {
  incidents: Queue<IncidentJobData>;
  followups: Queue<FollowupData>;
  /** Waiting + delayed + prioritized jobs per queue, for the `queueDepth` gauge and readiness. */
  depths(): Promise<Record<keyof typeof QUEUES, number>>;
  close(): Promise<void>;
}

/** Opens the `incidents` and `followups` queues with our default job options. */
export function createQueues<FollowupData = unknown>(options: CreateQueuesOptions): Queues<FollowupData> {
  const common = {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: options.defaultJobOptions ?? DEFAULT_JOB_OPTIONS,
  };
  const incidents = new Queue<IncidentJobData>(QUEUES.incidents, common);
  const followups = new Queue<FollowupData>(QUEUES.followups, common);
  return {
    incidents,
    followups,
    async depths() {
      const states = ['waiting', 'delayed', 'prioritized'] as const;
      const [i, f] = await Promise.all([incidents.getJobCountByTypes(...states), followups.getJobCountByTypes(...states)]);
      return { incidents: i, followups: f };
    },
    async close() {
      await Promise.all([incidents.close(), followups.close()]);
    },
  };
}
