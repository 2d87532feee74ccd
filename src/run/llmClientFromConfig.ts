import type { Config } from '../config.js';
import { createLlmClient } from '../diagnose/createLlmClient.js';
import type { LlmClient } from '../diagnose/LlmClient.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

/** The LLM client the `OPENAI_*` settings describe, or undefined without a key (rule-based answers). */
export function llmClientFromConfig(config: Config, deps: { logger: Logger; metrics?: Metrics }): LlmClient | undefined {
  if (config.OPENAI_API_KEY === undefined) return undefined;
  return createLlmClient({
    apiKey: config.OPENAI_API_KEY,
    ...(config.OPENAI_BASE_URL === undefined ? {} : { baseURL: config.OPENAI_BASE_URL }),
    model: config.OPENAI_MODEL,
    temperature: config.OPENAI_TEMPERATURE,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    maxOutputTokens: config.OPENAI_MAX_OUTPUT_TOKENS,
    logger: deps.logger,
    ...(deps.metrics === undefined ? {} : { metrics: deps.metrics }),
  });
}
