/** Fields that @kubernetes/client-node types as `Date`; a dump carries them as RFC 3339 strings. */
const TIMESTAMP_KEYS = new Set([
  'creationTimestamp',
  'deletionTimestamp',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'lastObservedTime',
  'deprecatedFirstTimestamp',
  'deprecatedLastTimestamp',
  'startedAt',
  'finishedAt',
  'startTime',
  'completionTime',
  'lastTransitionTime',
  'lastHeartbeatTime',
  'lastProbeTime',
  'lastUpdateTime',
  'lastScheduleTime',
  'lastScaleTime',
  'lastSuccessfulTime',
  'time',
]);

/**
 * A deep copy of a JSON value with the timestamp fields turned into `Date`, so objects read from
 * a dump have the same runtime types as objects read through the client library.
 */
export function reviveTimestamps(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => reviveTimestamps(item));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = reviveTimestamps(v, k);
    return copy;
  }
  if (typeof value === 'string' && TIMESTAMP_KEYS.has(key)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? value : new Date(ms);
  }
  return value;
}
