import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze, type AnalyzeCommandOptions } from '../../src/commands/analyze.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { deletePrefix, openRedis, REDIS_URL, testPrefix } from '../helpers/redis.js';
import { bufferIo, ROOT } from './runCli.js';

const CASE_A = join(ROOT, 'examples/case-a-crashloop.json');
const options = (more: Partial<AnalyzeCommandOptions> = {}): AnalyzeCommandOptions => ({ file: [CASE_A], output: 'text', language: 'en', explain: true, ...more });

describe('k8s-diagnose analyze --explain', () => {
  let openai: FakeOpenAI;
  const prefix = testPrefix('explain');
  beforeAll(async () => {
    openai = await startFakeOpenAI();
  });
  afterAll(async () => {
    await openai.close();
    const redis = openRedis();
    await deletePrefix(redis, prefix);
    await redis.quit();
  });

  const env = (more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.url, OPENAI_MAX_RETRIES: '0', ...more });

  it("prints the LLM's five-part answer and names the model", async () => {
    openai.script(reply.json(sampleDiagnosis({ explanation: 'The ubuntu image runs bash, which exits at once without a terminal.' })));
    const out = bufferIo(env({ OPENAI_MODEL: 'gpt-4o-mini' }));
    expect(await runAnalyze(options(), out.io)).toBe(0);
    expect(out.stdout()).toContain('The ubuntu image runs bash, which exits at once without a terminal.');
    expect(out.stdout()).toContain('gpt-4o-mini');
    const sent = openai.requests.at(-1)?.raw ?? '';
    expect(sent).toContain('Back-off restarting failed container ubuntu');
  });

  it('falls back to the rules, marked as such, when the LLM fails', async () => {
    openai.script(reply.serverError(500));
    const out = bufferIo(env());
    expect(await runAnalyze(options(), out.io)).toBe(0);
    expect(out.stdout()).toMatch(/rule-based: the LLM did not answer/);
    expect(out.stdout()).toContain('kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt -c ubuntu --previous');
  });

  it('is rule-based, and says why, without OPENAI_API_KEY', async () => {
    const before = openai.requests.length;
    const out = bufferIo({});
    expect(await runAnalyze(options(), out.io)).toBe(0);
    expect(out.stderr()).toContain('OPENAI_API_KEY is not set');
    expect(out.stdout()).toContain('rule-based');
    expect(openai.requests.length).toBe(before);
  });

  it('reuses a cached answer when REDIS_URL is set, and not with --no-cache', async () => {
    const cached = env({ REDIS_URL, REDIS_PREFIX: prefix });
    await runAnalyze(options(), bufferIo(cached).io);
    const before = openai.requests.length;
    const out = bufferIo(cached);
    await runAnalyze(options(), out.io);
    expect(openai.requests.length).toBe(before);
    await runAnalyze(options({ cache: false }), bufferIo(cached).io);
    expect(openai.requests.length).toBe(before + 1);
  });

  it('names a bad setting and exits 2', async () => {
    const out = bufferIo(env({ OPENAI_BASE_URL: 'not a url' }));
    expect(await runAnalyze(options(), out.io)).toBe(2);
    expect(out.stderr()).toMatch(/OPENAI_BASE_URL/);
  });

  it('puts each diagnosis and its source in the JSON with --output json', async () => {
    openai.script(reply.json(sampleDiagnosis({ explanation: 'bash exits at once without a terminal.' })));
    const out = bufferIo(env({ OPENAI_MODEL: 'gpt-4o-mini' }));
    expect(await runAnalyze(options({ output: 'json', cache: false }), out.io)).toBe(0);
    const parsed = JSON.parse(out.stdout()) as { findings: Array<Record<string, unknown> & { diagnosis: { explanation: string; causes: unknown[] }; source: { kind: string } }> };
    expect(parsed.findings).toHaveLength(1);
    const [finding] = parsed.findings;
    expect(finding?.workload).toBe('Deployment/test-deployment');
    expect(finding?.diagnosis.explanation).toBe('bash exits at once without a terminal.');
    expect(finding?.source).toEqual({ kind: 'llm', model: 'gpt-4o-mini', cached: false });
  });

  it('keeps the plain findings contract without --explain', async () => {
    const out = bufferIo({});
    expect(await runAnalyze(options({ output: 'json', explain: false }), out.io)).toBe(0);
    const [finding] = (JSON.parse(out.stdout()) as { findings: Array<Record<string, unknown>> }).findings;
    expect(finding).not.toHaveProperty('diagnosis');
  });
});
