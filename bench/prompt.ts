/**
 * Prompt size benchmark (issue 3): over the category fixtures, the tokens of the prompt the
 * diagnoser really sends (recorded by the fake OpenAI endpoint) versus a naive prompt made of the
 * same instructions plus the full failing object's JSON, all its events and 200 log lines.
 * Targets: median ≤ 35% of naive, max within the budget, every root-cause line kept.
 * Prints one JSON line last: {"cases","medianTokens","naiveMedianTokens","ratio","rootCauseKept"}.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { analyze } from '../src/analyze/analyze.js';
import { snapshotFromObjects } from '../src/analyze/snapshotFromObjects.js';
import { collectEvidence } from '../src/diagnose/collectEvidence.js';
import { createDiagnoser } from '../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../src/diagnose/createLlmClient.js';
import { eventsAbout } from '../src/diagnose/formatEvents.js';
import { fillTemplate, loadPromptTemplate } from '../src/diagnose/loadPromptTemplate.js';
import { redactText } from '../src/diagnose/redact.js';
import { countChatTokens, tokenizerFor } from '../src/diagnose/tokenizerFor.js';
import type { LogReader } from '../src/kube/types.js';
import { startFakeOpenAI } from '../test/fakes/openai.js';

const FIXTURES = new URL('../test/fixtures/categories/', import.meta.url);
const NOW = new Date('2024-05-01T12:00:00Z');
const MODEL = 'gpt-4o-mini';
const BUDGET = 2000;
const LOG_LINES = 200;

/** 200 plausible application log lines: startup, requests, warnings, then the crash. */
function syntheticLog(container: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < LOG_LINES; i += 1) {
    const ts = new Date(NOW.getTime() - (LOG_LINES - i) * 1370).toISOString();
    if (i < 5) lines.push(`${ts} INFO  ${container} starting, version 1.4.${i}, config /etc/app/config.yaml`);
    else if (i === LOG_LINES - 2) lines.push(`${ts} ERROR ${container} fatal: cannot connect to postgres at db-primary:5432: connection refused`);
    else if (i === LOG_LINES - 1) lines.push(`${ts} INFO  ${container} shutting down (exit code 1)`);
    else if (i % 17 === 0) lines.push(`${ts} WARN  ${container} slow request GET /api/v1/orders/${1000 + i} took ${200 + i}ms (threshold 200ms)`);
    else lines.push(`${ts} INFO  ${container} request id=${(i * 7919).toString(16)} method=GET path=/api/v1/items/${i} status=200 duration=${(i % 13) + 2}ms`);
  }
  return lines;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const fake = await startFakeOpenAI();
const tokenizer = tokenizerFor(MODEL);
const template = loadPromptTemplate('en');
const diagnoser = createDiagnoser({ llm: createLlmClient({ apiKey: 'bench', baseURL: fake.url, model: MODEL, maxRetries: 0 }), tokenBudget: BUDGET });
const logs: LogReader = { readLog: ({ container, tailLines }) => Promise.resolve(syntheticLog(container).slice(-tailLines).join('\n')) };

const rows: { file: string; category: string; tokens: number; naive: number; rootCauseKept: boolean }[] = [];
for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()) {
  const { snapshot } = snapshotFromObjects([JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as unknown]);
  for (const finding of analyze(snapshot, { now: NOW })) {
    const evidence = await collectEvidence(finding, snapshot, { logs, now: () => NOW.getTime() });
    fake.requests.length = 0;
    await diagnoser.diagnose({ finding, evidence, noCache: true });
    const messages = fake.requests[0]?.body.messages ?? [];
    const tokens = countChatTokens(tokenizer, messages);
    const user = messages[1]?.content ?? '';
    const rootCauseKept = finding.rootCause.every((line) => user.includes(redactText(line)));

    // Naive: the failing object's full JSON, every event about it, 200 log lines of its container.
    const pod = snapshot.pods.find((p) => p.metadata?.namespace === finding.namespace && p.metadata.name === (finding.pods[0] ?? finding.name));
    const object =
      pod ??
      [...snapshot.nodes, ...snapshot.persistentVolumeClaims, ...snapshot.jobs, ...snapshot.deployments, ...snapshot.statefulSets, ...snapshot.daemonSets].find(
        (o) => o.metadata?.name === finding.name,
      );
    const name = object?.metadata?.name ?? finding.name;
    const events = eventsAbout(snapshot.events, [{ kind: pod ? 'Pod' : finding.kind, namespace: finding.namespace, name }]);
    const naiveData = [
      JSON.stringify(object ?? {}, null, 2),
      JSON.stringify(events, null, 2),
      ...(pod ? syntheticLog(finding.containers[0] ?? pod.spec?.containers[0]?.name ?? 'app') : []),
    ].join('\n');
    const naive = countChatTokens(tokenizer, [
      { content: fillTemplate(template.system, evidence.clusterShape) },
      { content: fillTemplate(template.user, evidence.clusterShape, { evidence: naiveData }) },
    ]);
    rows.push({ file, category: finding.category, tokens, naive, rootCauseKept });
  }
}
await fake.close();

for (const row of rows) console.log(`${row.file.padEnd(34)} ${row.category.padEnd(28)} ${String(row.tokens).padStart(5)} / naive ${String(row.naive).padStart(6)}${row.rootCauseKept ? '' : '  ROOT CAUSE LOST'}`);
const medianTokens = median(rows.map((r) => r.tokens));
const naiveMedianTokens = median(rows.map((r) => r.naive));
const maxTokens = Math.max(...rows.map((r) => r.tokens));
console.log(JSON.stringify({ budget: BUDGET, maxTokens, withinBudget: maxTokens <= BUDGET }));
console.log(
  JSON.stringify({
    cases: rows.length,
    medianTokens,
    naiveMedianTokens,
    ratio: Number((medianTokens / naiveMedianTokens).toFixed(3)),
    rootCauseKept: rows.filter((r) => r.rootCauseKept).length,
  }),
);
