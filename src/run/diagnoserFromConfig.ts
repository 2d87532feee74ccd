import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createDiagnoser } from '../diagnose/createDiagnoser.js';
import { createLlmClient } from '../diagnose/createLlmClient.js';
import type { Diagnoser } from '../diagnose/types.js';
import { withRateLimit } from '../diagnose/withRateLimit.js';
import type { ToolContext } from '../diagnose/tools/defineTool.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/**
 * The diagnosis service the settings describe, for the bot and for `analyze --explain` alike: the
 * LLM of the `OPENAI_*` settings (none without a key: rule-based answers), the answer cache in
 * `redis` unless `LLM_CACHE_TTL_SECONDS` is 0, the token budget and anonymization, given the
 * cluster to read (`tools`) the investigation of `LLM_INVESTIGATE`, and with `llmLimiter`, every
 * LLM request takes a slot of the shared rate limit first.
 */
export function diagnoserFromConfig(
  config: Config,
  deps: { redis?: Redis; logger: Logger; metrics?: Metrics; tools?: ToolContext; llmLimiter?: { take(): Promise<number> } },
): Diagnoser {
  const metrics = deps.metrics === undefined ? {} : { metrics: deps.metrics };
  const client =
    config.OPENAI_API_KEY === undefined
      ? undefined
      : createLlmClient({
          apiKey: config.OPENAI_API_KEY,
          ...(config.OPENAI_BASE_URL === undefined ? {} : { baseURL: config.OPENAI_BASE_URL }),
          model: config.OPENAI_MODEL,
          temperature: config.OPENAI_TEMPERATURE,
          timeoutMs: config.OPENAI_TIMEOUT_MS,
          maxRetries: config.OPENAI_MAX_RETRIES,
          maxOutputTokens: config.OPENAI_MAX_OUTPUT_TOKENS,
          logger: deps.logger,
          ...metrics,
        });
  const llm = client === undefined || deps.llmLimiter === undefined ? client : withRateLimit(client, { limiter: deps.llmLimiter });
  return createDiagnoser({
    ...(llm === undefined ? {} : { llm }),
    ...(deps.redis !== undefined && config.LLM_CACHE_TTL_SECONDS > 0 ? { redis: deps.redis } : {}),
    cachePrefix: `${config.REDIS_PREFIX}:diagnosis:`,
    cacheTtlSeconds: config.LLM_CACHE_TTL_SECONDS,
    language: config.BOT_LANGUAGE,
    tokenBudget: config.LLM_TOKEN_BUDGET,
    anonymize: config.ANONYMIZE_NAMES,
    ...(deps.tools === undefined
      ? {}
      : { investigation: { mode: config.LLM_INVESTIGATE, context: deps.tools, limits: { maxRounds: config.LLM_MAX_TOOL_ROUNDS, budget: config.LLM_INVESTIGATION_BUDGET } } }),
    logger: deps.logger,
    ...metrics,
  });
}
