import { setTimeout as sleep } from 'node:timers/promises';
import { DiagnoseError } from './DiagnoseError.js';
import type { LlmClient } from './LlmClient.js';

/**
 * Our own LLM rate limit is spent for longer than a caller should hold a worker slot. Not a
 * failure: the diagnoser passes it on (no rule-based answer), and the queue worker puts the job
 * back, delayed by `retryAfterMs`, so jobs that need no LLM keep flowing meanwhile.
 */
export class LlmLimitReachedError extends DiagnoseError {
  constructor(readonly retryAfterMs: number) {
    super('LLM_LIMIT_REACHED', `LLM_RATE_LIMIT_PER_MINUTE reached; next slot in ${retryAfterMs} ms`);
  }
}

/** The delay a job waits when `error` is our rate limit (a queue worker's `deferral`); else undefined. */
export function llmDeferral(error: unknown): number | undefined {
  return error instanceof LlmLimitReachedError ? error.retryAfterMs : undefined;
}

/** Options of `withRateLimit`. */
export interface RateLimitOptions {
  /** Takes a slot: 0 when granted, else the ms until one frees (`createWindowLimiter`). */
  limiter: { take(): Promise<number> };
  /** A slot that frees within this long is waited for in place; default 2 s. */
  maxWaitMs?: number;
}

/**
 * The LLM client behind a shared limit that counts LLM requests, not jobs: every request (`complete`, `chat`)
 * (a diagnosis, its repair, a follow-up, each round of an investigation) takes a slot first.
 */
export function withRateLimit(llm: LlmClient, options: RateLimitOptions): LlmClient {
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const slot = async (): Promise<void> => {
    for (;;) {
      const waitMs = await options.limiter.take();
      if (waitMs === 0) return;
      if (waitMs > maxWaitMs) throw new LlmLimitReachedError(waitMs);
      await sleep(waitMs);
    }
  };
  return {
    model: llm.model,
    baseURL: llm.baseURL,
    async complete(request) {
      await slot();
      return llm.complete(request);
    },
    async chat(request) {
      await slot();
      return llm.chat(request);
    },
  };
}
