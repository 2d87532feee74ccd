import { toTime } from '../analyze/toTime.js';

/** Milliseconds since the epoch of a Kubernetes timestamp: a Date from the client, a string from a dump. */
export function toMillis(value: Date | string | undefined | null): number | undefined {
  return toTime(value) || undefined;
}

/** A duration the way kubectl prints it: `45s`, `4m59s`, `50m`, `5h`, `3d`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 > 0 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}
