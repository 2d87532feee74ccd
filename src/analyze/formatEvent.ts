import type { CoreV1Event } from '@kubernetes/client-node';
import { oneLine } from './oneLine.js';

/** How many times an event happened: core/v1 `count`, or the series count of newer emitters. */
export function eventCount(event: CoreV1Event): number {
  return event.count ?? event.series?.count ?? 1;
}

/**
 * One evidence line in the shape `kubectl describe` shows an event:
 * `Warning BackOff (x209): Back-off restarting failed container ubuntu in pod ...`.
 */
export function formatEvent(event: CoreV1Event): string {
  const count = eventCount(event);
  const times = count > 1 ? ` (x${count})` : '';
  const message = oneLine(event.message ?? '');
  return `${event.type ?? 'Normal'} ${event.reason ?? ''}${times}: ${message}`;
}
