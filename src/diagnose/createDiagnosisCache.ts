import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseDiagnosis } from './diagnosisSchema.js';
import type { Diagnosis } from './types.js';

/** The Redis commands the cache uses. */
export type CacheRedis = Pick<Redis, 'get' | 'set'>;

/** LLM answers by evidence hash. */
export interface DiagnosisCache {
  get(key: string): Promise<Diagnosis | undefined>;
  set(key: string, diagnosis: Diagnosis): Promise<void>;
}

/**
 * The cache key: sha256 over everything that changes the answer: model, endpoint, language,
 * template versions and the exact (redacted) prompt.
 */
export function diagnosisCacheKey(parts: {
  model: string;
  baseURL: string;
  language: string;
  promptVersion: string;
  rulesVersion: string;
  prompt: unknown;
}): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Answers in Redis under `prefix`, for `ttlSeconds`. Entries are stored in the model's own shape
 * and validated again on read, so a corrupt or outdated entry is a miss, never a bad answer.
 */
export function createDiagnosisCache(options: { redis: CacheRedis; prefix: string; ttlSeconds: number }): DiagnosisCache {
  const { redis, prefix, ttlSeconds } = options;
  return {
    async get(key) {
      const raw = await redis.get(`${prefix}${key}`);
      if (raw === null) return undefined;
      const parsed = parseDiagnosis(raw);
      return parsed.ok ? parsed.diagnosis : undefined;
    },
    async set(key, diagnosis) {
      const stored = {
        ...diagnosis,
        debugSteps: diagnosis.debugSteps.map((s) => ({ text: s.text, command: s.command ?? null })),
        fixes: diagnosis.fixes.map((s) => ({ text: s.text, command: s.command ?? null })),
      };
      await redis.set(`${prefix}${key}`, JSON.stringify(stored), 'EX', ttlSeconds);
    },
  };
}
