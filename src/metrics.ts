import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the bot exports, on one registry served at /metrics. Modules take `Metrics` as an
 * option (tests pass a fresh `createMetrics()`), never a global.
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    eventsSeen: new Counter({
      name: 'kdb_watch_events_total',
      help: 'Watch events received from the Kubernetes API, by resource kind and event type',
      labelNames: ['kind', 'type'] as const,
      registers,
    }),
    incidents: new Counter({
      name: 'kdb_incidents_total',
      help: 'Incident jobs enqueued, by category and type (new, update, resolved)',
      labelNames: ['category', 'type'] as const,
      registers,
    }),
    deduplicated: new Counter({
      name: 'kdb_incidents_deduplicated_total',
      help: 'Failures folded into an existing incident instead of a new one',
      registers,
    }),
    queueDepth: new Gauge({
      name: 'kdb_queue_depth',
      help: 'Jobs waiting or delayed, by queue',
      labelNames: ['queue'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'kdb_job_duration_seconds',
      help: 'Time from job creation to completion, by queue and outcome',
      labelNames: ['queue', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    llmCalls: new Counter({
      name: 'kdb_llm_calls_total',
      help: 'LLM requests, by outcome (ok, cached, error, fallback, deferred: over LLM_RATE_LIMIT_PER_MINUTE, the job waits)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    llmTokens: new Counter({
      name: 'kdb_llm_tokens_total',
      help: 'LLM tokens, by direction (prompt, completion)',
      labelNames: ['direction'] as const,
      registers,
    }),
    toolCalls: new Counter({
      name: 'kdb_investigation_tool_calls_total',
      help: 'Tool calls of LLM investigations, by tool and outcome (ok, refused, forbidden, not-found, invalid, error)',
      labelNames: ['tool', 'outcome'] as const,
      registers,
    }),
    slackPosts: new Counter({
      name: 'kdb_slack_calls_total',
      help: 'Slack Web API calls, by method and outcome',
      labelNames: ['method', 'outcome'] as const,
      registers,
    }),
    errors: new Counter({
      name: 'kdb_errors_total',
      help: 'Errors, by component and code',
      labelNames: ['component', 'code'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
