import type { Finding } from '../analyze/types.js';

/** Queue names shared by producers (watcher, Slack listeners) and consumers (workers). */
export const QUEUES = { incidents: 'incidents', followups: 'followups' } as const;

/**
 * What the watcher enqueues on `incidents`. The BullMQ job id is derived from `fingerprint`
 * (plus the type and, for updates, a time bucket), which is our deduplication.
 */
export interface IncidentJobData {
  /** `new`: post a message; `update`: counts changed within the cooldown; `resolved`: healthy again. */
  type: 'new' | 'update' | 'resolved';
  /** Stable hash of (cluster, namespace, workload, category). */
  fingerprint: string;
  cluster: string;
  finding: Finding;
  /** ISO timestamps. */
  firstSeen: string;
  lastSeen: string;
  /** How many times the failure has been seen (events and state changes) since firstSeen. */
  occurrences: number;
  /** Only on `resolved`: how long the incident lasted. */
  resolvedAfterMs?: number;
  /** Someone pressed Diagnose on a flood summary: post it even during a flood. */
  onDemand?: boolean;
}
