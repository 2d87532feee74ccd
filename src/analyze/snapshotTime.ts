import { toTime } from './toTime.js';
import type { ClusterSnapshot } from './types.js';

/**
 * When a dump was taken, as near as the objects tell: the newest event or node heartbeat.
 * Analysing an old dump against it keeps "recent restart" judgements as they were at the time.
 */
export function snapshotTime(snapshot: ClusterSnapshot): Date | undefined {
  let newest = 0;
  for (const e of snapshot.events) {
    newest = Math.max(newest, toTime(e.lastTimestamp), toTime(e.eventTime), toTime(e.series?.lastObservedTime));
  }
  for (const node of snapshot.nodes) {
    for (const c of node.status?.conditions ?? []) newest = Math.max(newest, toTime(c.lastHeartbeatTime));
  }
  return newest === 0 ? undefined : new Date(newest);
}
