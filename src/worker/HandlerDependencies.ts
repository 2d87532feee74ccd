import type { ClusterSnapshot } from '../analyze/types.js';
import type { Diagnoser, Language } from '../diagnose/types.js';
import type { LogReader } from '../kube/types.js';
import type { Logger } from '../logger.js';
import type { SlackPoster } from '../slack/createSlackPoster.js';
import type { ThreadStore } from '../slack/createThreadStore.js';

/** How a handler reads one cluster: the evidence, fresh for every job. */
export interface ClusterReader {
  readSnapshot: (options: { namespace?: string }) => Promise<ClusterSnapshot>;
  logs?: LogReader;
}

/** What the worker's Slack handlers (incidents, follow-ups) are given; everything external is injected. */
export interface HandlerDependencies {
  poster: SlackPoster;
  store: ThreadStore;
  diagnoser: Diagnoser;
  /** Reads the cluster now (`readClusterSnapshot`): the evidence, fresh for every job. */
  readSnapshot: (options: { namespace?: string }) => Promise<ClusterSnapshot>;
  /** Container logs for the evidence; without it the evidence has none. */
  logs?: LogReader;
  /** `LOG_TAIL_LINES`: log lines read per container (0: none); default 50. */
  logTailLines?: number;
  /**
   * With `CLUSTERS`: each cluster's reader by name, for the job's cluster; then `readSnapshot` and
   * `logs` are unused. Without it every job reads `readSnapshot` and `logs` (one cluster).
   */
  clusters?: ReadonlyMap<string, ClusterReader>;
  language?: Language;
  logger: Logger;
  now?: () => number;
}
