import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { explainFindings } from '../../src/diagnose/explainFindings.js';
import { explainWithRules } from '../../src/diagnose/rules/explainWithRules.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { NOW, caseA, caseB } from './seedCases.js';

describe('explainFindings', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('diagnoses each finding in order, from a dump, with bounded concurrency', async () => {
    const a = caseA();
    const b = caseB();
    const snapshot = { ...a.snapshot, pods: [...a.snapshot.pods, ...b.snapshot.pods], events: [...a.snapshot.events, ...b.snapshot.events], persistentVolumeClaims: b.snapshot.persistentVolumeClaims };
    // The first answer is slow: order must still follow the findings, not the answers.
    fake.respond = (request) =>
      request.raw.includes('PVCUnbound')
        ? reply.json(sampleDiagnosis({ faultLocation: 'second' }))
        : reply.slow(150, reply.json(sampleDiagnosis({ faultLocation: 'first' })));
    const diagnoser = createDiagnoser({ llm: createLlmClient({ apiKey: 't', baseURL: fake.url, maxRetries: 0 }) });
    const results = await explainFindings([a.finding, b.finding], snapshot, { diagnoser, now: () => NOW, concurrency: 2 });
    expect(results.map((r) => r.result.diagnosis.faultLocation)).toEqual(['first', 'second']);
    expect(results[1]?.evidence.sections.some((s) => s.title === 'Storage')).toBe(true);

    const offline = await explainFindings([b.finding], snapshot, { diagnoser: createDiagnoser(), language: 'ja' });
    expect(offline[0]?.result).toEqual({ diagnosis: explainWithRules(b.finding, 'ja'), source: { kind: 'rules', reason: 'no-llm' } });
  });
});
