/**
 * Milliseconds since the epoch of a Kubernetes timestamp, or 0 when absent or invalid.
 * Accepts `Date` (client-node objects) and ISO strings (objects that skipped deserialization).
 */
export function toTime(value: Date | string | undefined | null): number {
  if (value == null) return 0;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? 0 : ms;
}

/** An ISO timestamp without milliseconds, or '' when absent. */
export function formatTime(value: Date | string | undefined | null): string {
  const ms = toTime(value);
  return ms === 0 ? '' : new Date(ms).toISOString().replace('.000Z', 'Z');
}
