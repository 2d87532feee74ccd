import { createHash } from 'node:crypto';
import type { Alert } from './alertmanagerPayload.js';

/**
 * The BullMQ job id of a webhook's alerts: a hash of each alert's identity and state, so a retry
 * of the same notification (Alertmanager's own retries, a repeat after `repeat_interval`) is the
 * same job. A firing alert's `endsAt` moves with every re-send of the alert, so it is left out.
 */
export function alertJobId(alerts: readonly Alert[]): string {
  const states = alerts.map((a) => [a.fingerprint, a.status, a.startsAt, a.status === 'resolved' ? a.endsAt : ''].join('|')).sort();
  return `alerts-${createHash('sha256').update(states.join('\n')).digest('hex').slice(0, 32)}`;
}
