import { createRedisConnection } from '../queue/createRedisConnection.js';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import type { Config } from '../config.js';
import { collectEvidence } from '../diagnose/collectEvidence.js';
import type { DiagnosisResult, Language } from '../diagnose/types.js';
import type { LogReader } from '../kube/types.js';
import type { Logger } from '../logger.js';
import { diagnoserFromConfig } from '../run/diagnoserFromConfig.js';

/** `analyze --explain`: a diagnosis per finding from the LLM, and what to close afterwards. */
export interface LlmExplainer {
  explain(finding: Finding, language: Language): Promise<DiagnosisResult>;
  close(): Promise<void>;
}

export interface CreateLlmExplainerOptions {
  config: Config;
  snapshot: ClusterSnapshot;
  /** Live mode reads the crashed containers' logs; a dump has none. */
  logs?: LogReader;
  /** Reuse answers from the Redis cache (off with `--no-cache`, or when `REDIS_URL` is not set). */
  cache: boolean;
  /** The dump's time, so event ages in the evidence are as of the dump. */
  now: () => number;
  logger: Logger;
}

/**
 * The same diagnosis service the bot uses (evidence, redaction, token budget, LLM, cache,
 * rule-based fallback) for one CLI run. Without `OPENAI_API_KEY` it still answers, from the rules,
 * and says so in each result's source.
 */
export function createLlmExplainer(options: CreateLlmExplainerOptions): LlmExplainer {
  const { config, snapshot, logger } = options;
  const redis = options.cache ? createRedisConnection(config, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 }) : undefined;
  // A cache that cannot be reached must not stop the diagnosis: the diagnoser then just asks the LLM.
  redis?.on('error', (error) => logger.debug({ err: error }, 'cache unavailable'));
  const diagnoser = diagnoserFromConfig(config, { ...(redis === undefined ? {} : { redis }), logger });
  return {
    async explain(finding, language) {
      const evidence = await collectEvidence(finding, snapshot, {
        ...(options.logs === undefined ? {} : { logs: options.logs }),
        logTailLines: config.LOG_TAIL_LINES,
        now: options.now,
      });
      return diagnoser.diagnose({ finding, evidence, language });
    },
    async close() {
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
