import type { CoreV1Event } from '@kubernetes/client-node';
import { toTime } from './toTime.js';

/**
 * When an event last happened, in ms since the epoch (0 when it carries no time). A series'
 * last observation is the freshest; core/v1 events set `lastTimestamp`, events.k8s.io ones
 * `eventTime`; the object's creation is the last resort.
 */
export function eventLastSeen(e: CoreV1Event): number {
  return (
    toTime(e.series?.lastObservedTime) || toTime(e.lastTimestamp) || toTime(e.eventTime) ||
    toTime(e.firstTimestamp) || toTime(e.metadata?.creationTimestamp)
  );
}
