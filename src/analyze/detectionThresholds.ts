import type { Config } from '../config.js';

/**
 * When a finding is worth reporting: one definition for the watcher and `analyze`, so the CLI
 * never reports a 10-second-old Pending pod that the bot would not.
 */
export interface DetectionThresholds {
  /** Image pull, container config and setup errors of a younger pod are not failures yet (`STARTUP_GRACE_SECONDS`). */
  startupGraceMs: number;
  /** A crash loop counts from this many restarts (`CRASHLOOP_MIN_RESTARTS`). */
  crashLoopMinRestarts: number;
  /** An unschedulable pod, a pending PVC or a Service without endpoints counts after this long (`PENDING_THRESHOLD_SECONDS`). */
  pendingMs: number;
}

export const DEFAULT_THRESHOLDS: DetectionThresholds = { startupGraceMs: 60_000, crashLoopMinRestarts: 2, pendingMs: 60_000 };

/** The thresholds the settings ask for. */
export function detectionThresholds(config: Pick<Config, 'STARTUP_GRACE_SECONDS' | 'CRASHLOOP_MIN_RESTARTS' | 'PENDING_THRESHOLD_SECONDS'>): DetectionThresholds {
  return {
    startupGraceMs: config.STARTUP_GRACE_SECONDS * 1000,
    crashLoopMinRestarts: config.CRASHLOOP_MIN_RESTARTS,
    pendingMs: config.PENDING_THRESHOLD_SECONDS * 1000,
  };
}
