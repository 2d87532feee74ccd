/**
 * Redaction benchmark (issue 13, items 1, 3 and 12), over the corpora in test/security/:
 * - leaked: formats whose secret, planted in env, args, logs, events and termination messages,
 *   reaches the prompt the diagnoser sends (recorded by the fake OpenAI endpoint) or the
 *   diagnosis and follow-up answer it returns when the model echoes every secret back;
 * - worstMsPer100KB: the slowest redaction of 100 KB of the inputs that froze the bot and of
 *   random tokens (best of 3 runs each, so a busy machine does not count);
 * - overRedacted: ordinary evidence lines changed by redaction.
 * Targets: leaked 0 with formats ≥ 60, worstMsPer100KB < 50, ordinaryLines ≥ 500, overRedacted 0.
 * Prints one JSON line last: {"formats","leaked","worstMsPer100KB","ordinaryLines","overRedacted"}.
 */
import { randomBytes } from 'node:crypto';
import { analyze } from '../src/analyze/analyze.js';
import { snapshotFromObjects } from '../src/analyze/snapshotFromObjects.js';
import { collectEvidence } from '../src/diagnose/collectEvidence.js';
import { createDiagnoser } from '../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../src/diagnose/createLlmClient.js';
import { redactEvidence, redactText } from '../src/diagnose/redact.js';
import type { LogReader } from '../src/kube/types.js';
import { reply, sampleDiagnosis, startFakeOpenAI } from '../test/fakes/openai.js';
import { ORDINARY_LINES } from '../test/security/ordinaryLines.js';
import { plantSecrets } from '../test/security/plantSecrets.js';
import { hostileInputs, msPer100KB } from '../test/security/redactionInputs.js';
import { SECRET_FORMATS } from '../test/security/secretFormats.js';
import { caseA, NOW } from '../test/slack/seedCases.js';

/** Formats per planted pod: below the 30 event lines and the 50 log lines the evidence keeps. */
const GROUP = 22;

async function leakedFormats(): Promise<string[]> {
  const openai = await startFakeOpenAI();
  const diagnoser = createDiagnoser({ llm: createLlmClient({ apiKey: 'sk-bench', baseURL: openai.url, maxRetries: 0 }), tokenBudget: 60_000 });
  const leaked: string[] = [];
  try {
    for (let start = 0; start < SECRET_FORMATS.length; start += GROUP) {
      const group = SECRET_FORMATS.slice(start, start + GROUP);
      const samples = group.map((f) => f.sample);
      const planted = plantSecrets(caseA(), samples, NOW);
      const { snapshot } = snapshotFromObjects(planted.objects);
      const [finding] = analyze(snapshot, { now: new Date(NOW) });
      if (!finding) throw new Error('the analyzer found nothing in the planted pod');
      const logs: LogReader = { readLog: ({ pod, previous }) => Promise.resolve(pod === planted.pod && previous ? planted.log : '') };
      // As the worker does: the evidence is redacted once, and kept in the thread record.
      const evidence = redactEvidence(await collectEvidence(finding, snapshot, { logs, now: () => NOW }));
      openai.requests.length = 0;
      openai.script(
        reply.json(sampleDiagnosis({ explanation: samples.join(' | '), causes: samples, debugSteps: samples.map((s) => ({ text: 'run', command: s })) })),
        reply.text(samples.join('\n')),
      );
      const result = await diagnoser.diagnose({ finding, evidence });
      const answer = await diagnoser.answerFollowup({ finding, evidence, diagnosis: result.diagnosis, history: [], question: samples.join('\n') });
      const out = [...openai.requests.map((r) => r.raw), JSON.stringify(evidence), JSON.stringify(result.diagnosis), answer.text].join('\n');
      leaked.push(...group.filter((f) => out.includes(f.secret) || out.includes(JSON.stringify(f.secret).slice(1, -1))).map((f) => f.name));
    }
  } finally {
    await openai.close();
  }
  return leaked;
}

function worstMsPer100KB(): { worst: number; rows: [string, number][] } {
  const size = 100 * 1024;
  const inputs: Record<string, string> = { ...hostileInputs(size) };
  for (let i = 0; i < 5; i += 1) inputs[`random-${i}`] = randomBytes(size).toString('latin1').replace(/[^\x21-\x7e]/g, 'x');
  const rows = Object.entries(inputs).map(([name, text]): [string, number] => [name, msPer100KB(redactText, text)]);
  return { worst: Math.max(...rows.map(([, ms]) => ms)), rows };
}

const leaked = await leakedFormats();
for (const name of leaked) console.log(`LEAKED ${name}`);
const timing = worstMsPer100KB();
for (const [name, ms] of timing.rows) console.log(`${name.padEnd(16)} ${ms.toFixed(1).padStart(6)} ms / 100 KB`);
const overRedacted = ORDINARY_LINES.filter((line) => redactText(line) !== line);
for (const line of overRedacted) console.log(`OVER-REDACTED ${line}`);
console.log(
  JSON.stringify({
    formats: SECRET_FORMATS.length,
    leaked: leaked.length,
    worstMsPer100KB: Number(timing.worst.toFixed(1)),
    ordinaryLines: ORDINARY_LINES.length,
    overRedacted: overRedacted.length,
  }),
);
