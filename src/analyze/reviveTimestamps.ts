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
 * Turns the timestamp fields of a JSON value into `Date`, so objects read from a dump have the
 * same runtime types as objects read through the client library. In place: the caller owns the
 * value (a freshly parsed dump; `structuredClone` first to keep the original). Iterative, so
 * neither a long list nor a deep object can exhaust the call stack.
 */
export function reviveTimestamps<T>(value: T): T {
  const stack: object[] = value !== null && typeof value === 'object' ? [value] : [];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (Array.isArray(node)) {
      for (const item of node as unknown[]) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (typeof field === 'string') {
        if (!TIMESTAMP_KEYS.has(key)) continue;
        const ms = Date.parse(field);
        if (!Number.isNaN(ms)) record[key] = new Date(ms);
      } else if (field !== null && typeof field === 'object') {
        stack.push(field);
      }
    }
  }
  return value;
}
