import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectEvidence } from '../../src/diagnose/collectEvidence.js';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient, type LlmClientOptions } from '../../src/diagnose/createLlmClient.js';
import { explainWithRules } from '../../src/diagnose/rules/explainWithRules.js';
import { countChatTokens, tokenizerFor } from '../../src/diagnose/tokenizerFor.js';
import type { Evidence } from '../../src/diagnose/types.js';
import { createMetrics } from '../../src/metrics.js';
import { connectRedis, deletePrefix, testPrefix } from '../helpers/redis.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { NOW, PODS, caseA, logsFrom } from './seedCases.js';

let fake: FakeOpenAI;
let redis: Redis;
let prefix: string;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  redis = connectRedis();
});
afterAll(async () => {
  await fake.close();
  redis.disconnect();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.supportsJsonSchema = true;
  prefix = `${testPrefix('diagnose')}:`;
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
});

const llm = (options: Partial<LlmClientOptions> = {}) =>
  createLlmClient({ apiKey: 'test-key', baseURL: fake.url, maxRetries: 2, timeoutMs: 2000, ...options });

async function seedA(logLines = 0): Promise<{ finding: ReturnType<typeof caseA>['finding']; evidence: Evidence }> {
  const { snapshot, finding } = caseA();
  const log = Array.from({ length: logLines }, (_, i) => `2026-11-25T02:${String(i % 60).padStart(2, '0')}:00Z worker ${i} failed to reach db-primary.shop.svc:5432: connection refused (attempt ${i})`);
  const evidence = await collectEvidence(finding, snapshot, {
    now: () => NOW,
    logTailLines: logLines,
    logs: logsFrom({ [`${PODS[0]}/ubuntu/previous`]: log.join('\n') }),
  });
  return { finding, evidence };
}

describe('createDiagnoser', () => {
  it('asks with a strict json_schema and returns the normalised answer', async () => {
    const { finding, evidence } = await seedA();
    const metrics = createMetrics();
    const result = await createDiagnoser({ llm: llm({ metrics }), metrics }).diagnose({ finding, evidence });
    expect(result.source).toEqual({ kind: 'llm', model: 'gpt-4o-mini', cached: false });
    expect(result.diagnosis.debugSteps[1]).toEqual({ text: 'Check the last termination reason and exit code.' });
    const body = fake.requests[0]?.body;
    expect(body?.response_format?.type).toBe('json_schema');
    expect(body?.response_format?.json_schema?.strict).toBe(true);
    expect(body?.temperature).toBe(0.2);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer test-key');
    expect((await metrics.llmCalls.get()).values.find((v) => v.labels.outcome === 'ok')?.value).toBe(1);
    expect((await metrics.llmTokens.get()).values.find((v) => v.labels.direction === 'prompt')?.value).toBeGreaterThan(100);
  });

  it('speaks to base URLs with or without /v1 (LiteLLM, vLLM, Azure-style proxies)', async () => {
    const { finding, evidence } = await seedA();
    const result = await createDiagnoser({ llm: llm({ baseURL: fake.url.replace(/\/v1$/, ''), model: 'llama3.1:8b' }) }).diagnose({ finding, evidence });
    expect(result.source).toEqual({ kind: 'llm', model: 'llama3.1:8b', cached: false });
    expect(fake.requests[0]?.path).toBe('/chat/completions');
  });

  it('without an LLM answers with the rules, marked no-llm', async () => {
    const { finding, evidence } = await seedA();
    const result = await createDiagnoser().diagnose({ finding, evidence, language: 'ja' });
    expect(result).toEqual({ diagnosis: explainWithRules(finding, 'ja'), source: { kind: 'rules', reason: 'no-llm' } });
  });

  it('redacts the rule-based answer, which quotes evidence verbatim', async () => {
    const { finding, evidence } = await seedA();
    const leaky = 'Warning Failed (x3): Error: connect postgres://admin:S3cretPassw0rd@db:5432/app failed';
    const withSecret = { ...finding, evidence: [leaky, ...finding.evidence], rootCause: [leaky] };
    expect(JSON.stringify(explainWithRules(withSecret, 'en'))).toContain('S3cretPassw0rd');
    const answered = await createDiagnoser().diagnose({ finding: withSecret, evidence, language: 'en' });
    expect(JSON.stringify(answered)).not.toContain('S3cretPassw0rd');
    const followup = await createDiagnoser().answerFollowup({ finding: withSecret, evidence, history: [], question: 'why?' });
    expect(followup.text).not.toContain('S3cretPassw0rd');
  });

  it('caches by evidence: hit on the same evidence, miss on changed evidence or model, noCache bypasses', async () => {
    const { finding, evidence } = await seedA();
    const diagnoser = createDiagnoser({ llm: llm(), redis, cachePrefix: prefix, cacheTtlSeconds: 60 });
    expect((await diagnoser.diagnose({ finding, evidence })).source).toMatchObject({ cached: false });
    expect((await diagnoser.diagnose({ finding, evidence })).source).toMatchObject({ cached: true });
    expect(fake.requests).toHaveLength(1);
    expect(await redis.ttl((await redis.keys(`${prefix}*`))[0] as string)).toBeGreaterThan(50);

    const changed: Evidence = { ...evidence, sections: [...evidence.sections, { title: 'Extra', lines: ['restarts 30'] }] };
    expect((await diagnoser.diagnose({ finding, evidence: changed })).source).toMatchObject({ cached: false });
    expect(fake.requests).toHaveLength(2);
    const otherModel = createDiagnoser({ llm: llm({ model: 'gpt-4.1-mini' }), redis, cachePrefix: prefix });
    expect((await otherModel.diagnose({ finding, evidence })).source).toMatchObject({ cached: false, model: 'gpt-4.1-mini' });
    expect((await diagnoser.diagnose({ finding, evidence, language: 'ja' })).source).toMatchObject({ cached: false });
    expect((await diagnoser.diagnose({ finding, evidence, noCache: true })).source).toMatchObject({ cached: false });
    expect(fake.requests).toHaveLength(5);
  });

  it('retries a 429 after its retry-after, then answers', async () => {
    const { finding, evidence } = await seedA();
    fake.script(reply.rateLimited(0.05));
    const started = Date.now();
    const result = await createDiagnoser({ llm: llm() }).diagnose({ finding, evidence });
    expect(result.source.kind).toBe('llm');
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('falls back to the rules, marked llm-failed, after 5xx retries run out', async () => {
    const { finding, evidence } = await seedA();
    fake.script(reply.serverError(500), reply.serverError(502), reply.serverError(503));
    const metrics = createMetrics();
    const result = await createDiagnoser({ llm: llm(), metrics }).diagnose({ finding, evidence });
    expect(fake.requests).toHaveLength(3);
    expect(result.diagnosis).toEqual(explainWithRules(finding, 'en'));
    expect(result.source).toMatchObject({ kind: 'rules', reason: 'llm-failed' });
    expect(result.source.kind === 'rules' && result.source.detail).toMatch(/^LLM_SERVER: /);
    expect((await metrics.llmCalls.get()).values.find((v) => v.labels.outcome === 'fallback')?.value).toBe(1);
  });

  it('repairs invalid JSON once', async () => {
    const { finding, evidence } = await seedA();
    fake.script(reply.invalidJson(), reply.json(sampleDiagnosis({ faultLocation: 'repaired' })));
    const result = await createDiagnoser({ llm: llm() }).diagnose({ finding, evidence });
    expect(result.diagnosis.faultLocation).toBe('repaired');
    const repair = fake.requests[1]?.body.messages ?? [];
    expect(repair.at(-2)?.role).toBe('assistant');
    expect(repair.at(-1)?.content).toMatch(/^Your reply is invalid: not valid JSON .*cut off/);
  });

  it('never passes on a schema-violating answer: twice invalid means rules', async () => {
    const { finding, evidence } = await seedA();
    fake.script(reply.schemaViolation(), reply.schemaViolation());
    const result = await createDiagnoser({ llm: llm() }).diagnose({ finding, evidence });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.body.messages.at(-1)?.content).toContain('faultLocation: must not be empty');
    expect(result.source).toMatchObject({ kind: 'rules', reason: 'llm-failed' });
    expect(result.source.kind === 'rules' && result.source.detail).toMatch(/^LLM_INVALID_ANSWER/);
  });

  it('falls back to json_object where json_schema is not supported, and remembers it', async () => {
    const { finding, evidence } = await seedA();
    fake.supportsJsonSchema = false;
    const diagnoser = createDiagnoser({ llm: llm() });
    const first = await diagnoser.diagnose({ finding, evidence });
    expect(first.source.kind).toBe('llm');
    expect(fake.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object']);
    // json_object mode needs the shape in the prompt: the system message carries it.
    expect(fake.requests[1]?.body.messages[0]?.content).toContain('"debugSteps": [{"text": string, "command": string or null}]');
    await diagnoser.diagnose({ finding, evidence, noCache: true });
    expect(fake.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  it('times out and falls back to the rules', async () => {
    const { finding, evidence } = await seedA();
    fake.script(reply.slow(2000), reply.slow(2000));
    const started = Date.now();
    const result = await createDiagnoser({ llm: llm({ timeoutMs: 150, maxRetries: 1 }) }).diagnose({ finding, evidence });
    expect(result.source.kind === 'rules' && result.source.detail).toMatch(/^LLM_TIMEOUT/);
    expect(Date.now() - started).toBeLessThan(1900);
  });

  it('fits the whole prompt into the budget, keeps the root cause, cuts logs from the middle', async () => {
    const { finding, evidence } = await seedA(400);
    for (const budget of [2000, 1200]) {
      fake.requests.length = 0;
      await createDiagnoser({ llm: llm(), tokenBudget: budget }).diagnose({ finding, evidence });
      const messages = fake.requests[0]?.body.messages ?? [];
      const tokens = countChatTokens(tokenizerFor('gpt-4o-mini'), messages);
      expect(tokens).toBeLessThanOrEqual(budget);
      expect(tokens).toBeGreaterThan(budget * 0.8);
      const user = messages[1]?.content ?? '';
      for (const line of finding.rootCause) expect(user).toContain(line);
      expect(user).toMatch(/… \d+ lines omitted …/);
      // The tail of the crashed log, where the crash is, survives.
      expect(user).toContain('worker 399 failed');
    }
  });

  it('anonymizes names with stable placeholders, restores them in the answer, and shares the cache across names', async () => {
    const { finding, evidence } = await seedA();
    fake.script(
      reply.json(
        sampleDiagnosis({
          faultLocation: 'container "ubuntu" of Deployment/WORKLOAD_1',
          debugSteps: [{ text: 'Read POD_2 previous log.', command: 'kubectl logs POD_2 -n NAMESPACE_1 --previous' }],
        }),
      ),
    );
    const diagnoser = createDiagnoser({ llm: llm(), anonymize: true, redis, cachePrefix: prefix });
    const result = await diagnoser.diagnose({ finding, evidence });
    const sent = fake.requests[0]?.raw ?? '';
    for (const name of [...PODS, 'k8s-and-chatgpt', 'test-deployment', '3shake-k8s-node-001', 'ubuntu:20.04']) expect(sent).not.toContain(name);
    expect(result.diagnosis.faultLocation).toBe('container "ubuntu" of Deployment/test-deployment');
    expect(result.diagnosis.debugSteps[0]?.command).toBe(`kubectl logs ${PODS[0]} -n k8s-and-chatgpt --previous`);

    // The same failure in another namespace, with other names: same prompt, a cache hit, its own names.
    const renamed = (text: string) => text.replaceAll('k8s-and-chatgpt', 'payments').replaceAll('test-deployment', 'billing-api');
    const other = JSON.parse(renamed(JSON.stringify({ finding, evidence }))) as { finding: typeof finding; evidence: Evidence };
    const second = await diagnoser.diagnose(other);
    expect(second.source).toMatchObject({ cached: true });
    expect(second.diagnosis.debugSteps[0]?.command).toBe('kubectl logs billing-api-f4955dc4d-95wrl -n payments --previous');
  });

  it('answers follow-ups with evidence and history (oldest dropped first), restored names, plain text', async () => {
    const { finding, evidence } = await seedA(30);
    fake.script(reply.text('Run `kubectl logs POD_2 -n NAMESPACE_1 --previous` and look for the exit.'));
    const history = Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), text: `turn ${i}: ${'why is it crashing again and again? '.repeat(8)}` }));
    const answer = await createDiagnoser({ llm: llm(), anonymize: true }).answerFollowup({ finding, evidence, freshEvidence: evidence, history, question: 'What should I do first?' });
    expect(answer).toEqual({ text: `Run \`kubectl logs ${PODS[0]} -n k8s-and-chatgpt --previous\` and look for the exit.`, source: { kind: 'llm', model: 'gpt-4o-mini', cached: false } });
    const body = fake.requests[0]?.body;
    expect(body?.response_format?.type).toBe('text');
    const messages = body?.messages ?? [];
    expect(countChatTokens(tokenizerFor('gpt-4o-mini'), messages)).toBeLessThanOrEqual(2000);
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'What should I do first?' });
    expect(messages.at(-2)?.content).toMatch(/^turn 39:/);
    expect(messages.some((m) => m.content.startsWith('turn 0:'))).toBe(false);
    expect(messages[1]?.content).toContain('### Incident: Root cause');
    expect(messages[1]?.content).toContain('### Now: Pod POD_2');
  });

  it('without an LLM, a follow-up says what it can do instead', async () => {
    const { finding, evidence } = await seedA();
    const answer = await createDiagnoser().answerFollowup({ finding, evidence, history: [], question: 'why?' });
    expect(answer.source).toEqual({ kind: 'rules', reason: 'no-llm' });
    expect(answer.text).toContain('none is configured (OPENAI_API_KEY)');
    expect(answer.text).toContain(explainWithRules(finding, 'en').debugSteps[0]?.text);
    expect(answer.text).toContain('Re-diagnose');
  });
});
