import type { IncidentJobData } from './types.js';

/**
 * The BullMQ job id of an incident job: type, fingerprint and the moment that makes it unique
 * (first seen for `new`, the notification time for `update`, the resolution time for
 * `resolved`). A retried enqueue of the same decision is then ignored by BullMQ. No `:`, which
 * BullMQ rejects in custom ids.
 */
export function incidentJobId(type: IncidentJobData['type'], fingerprint: string, atMs: number): string {
  return `${type}-${fingerprint}-${atMs}`;
}
