/**
 * Investigation benchmark (issue 10): scripted investigations through the real diagnoser, the
 * real openai SDK and client-node, against the loopback Kubernetes and OpenAI fakes, with
 * secrets planted in everything the tools can read (env values, a command-line flag, ConfigMap
 * values, a Secret, a log line). Some scripts read a little, some read huge logs until the
 * budget stops them, some never stop calling tools until the round cap does; half anonymize.
 * Every request body is searched for every planted secret, and the prompt tokens of each
 * investigation are counted from what went over the wire.
 * Prints one JSON line last: {"questions","medianRounds","p95PromptTokens","leakedSecrets","overBudget"}.
 */
import { createDiagnoser } from '../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../src/diagnose/createLlmClient.js';
import { tokenizerFor } from '../src/diagnose/tokenizerFor.js';
import { createToolContext } from '../src/diagnose/tools/createToolContext.js';
import type { Evidence } from '../src/diagnose/types.js';
import { createObjectReader } from '../src/kube/createObjectReader.js';
import { createLogReader } from '../src/kube/podLogs.js';
import { readClusterSnapshot } from '../src/kube/readClusterSnapshot.js';
import { createLogger } from '../src/logger.js';
import { createNamespaceGuard } from '../src/slack/createNamespaceGuard.js';
import { investigationObjects, NS, PLANTED_VALUES, plantLogs } from '../test/diagnose/investigationCluster.js';
import { startFakeKube } from '../test/fakes/kube.js';
import { reply, startFakeOpenAI } from '../test/fakes/openai.js';
import { wirePromptTokens } from '../test/helpers/wirePromptTokens.js';
import { findingOf } from '../test/slack/harness.js';
import { caseA, NOW } from '../test/slack/seedCases.js';

const MODEL = 'gpt-4o-mini';
const BUDGET = 12_000;
const MAX_ROUNDS = 6;
type Call = { name: string; arguments: Record<string, unknown> };

const call = (name: string, args: Record<string, unknown>): Call => ({ name, arguments: args });
const CALLS = {
  db: call('get', { kind: 'pod', namespace: NS, name: 'db-0' }),
  dbLog: call('logs', { namespace: NS, pod: 'db-0', previous: true }),
  dbEvents: call('events', { kind: 'pod', namespace: NS, name: 'db-0' }),
  svc: call('get', { kind: 'service', namespace: NS, name: 'db' }),
  slices: call('list', { kind: 'endpointslices', namespace: NS }),
  history: call('rollout_history', { kind: 'deployment', namespace: NS, name: 'web' }),
  web: call('get', { kind: 'deployment', namespace: NS, name: 'web' }),
  webPods: call('list', { kind: 'pods', namespace: NS, labelSelector: 'app=web' }),
  webLog: call('logs', { namespace: NS, pod: 'web-7f9c5d-x2x9p', tailLines: 500 }),
  config: call('get', { kind: 'configmap', namespace: NS, name: 'web-config' }),
  configs: call('list', { kind: 'configmap', namespace: NS }),
  secret: call('get', { kind: 'secret', namespace: NS, name: 'web-secrets' }),
  payments: call('logs', { namespace: 'payments', pod: 'pay-0' }),
  failures: call('list_failures', {}),
  node: call('describe_node', { name: '3shake-k8s-node-003' }),
  dbSet: call('rollout_history', { kind: 'statefulset', namespace: NS, name: 'db' }),
  crashEvents: call('events', { kind: 'pod', namespace: NS, name: 'test-deployment-f4955dc4d-95wrl' }),
  crashLog: call('logs', { namespace: NS, pod: 'test-deployment-f4955dc4d-95wrl', previous: true }),
};

/** Each question: its rounds of calls, then the answer; `forever` keeps calling until a limit stops it. */
const QUESTIONS: { question: string; rounds: Call[][]; forever?: Call[] }[] = [
  { question: 'is the database pod healthy?', rounds: [[CALLS.db]] },
  { question: 'why does db-0 restart?', rounds: [[CALLS.db, CALLS.dbEvents], [CALLS.dbLog]] },
  { question: 'what does the db Service point at?', rounds: [[CALLS.svc], [CALLS.slices]] },
  { question: 'what changed in the last rollout of web?', rounds: [[CALLS.history]] },
  { question: 'show me the web config', rounds: [[CALLS.config, CALLS.web]] },
  { question: 'which configmaps are there?', rounds: [[CALLS.configs], [CALLS.config]] },
  { question: 'what is the API token of web?', rounds: [[CALLS.secret], [CALLS.web]] },
  { question: 'is payments broken too?', rounds: [[CALLS.payments], [CALLS.failures]] },
  { question: 'what else is failing?', rounds: [[CALLS.failures]] },
  { question: 'is node-003 under pressure?', rounds: [[CALLS.node], [CALLS.db]] },
  { question: 'did the db statefulset change?', rounds: [[CALLS.dbSet], [CALLS.db, CALLS.dbLog]] },
  { question: 'show me the previous logs of the crashing pod', rounds: [[CALLS.crashLog], [CALLS.crashEvents]] },
  { question: 'why is web slow?', rounds: [[CALLS.webPods], [CALLS.webLog], [CALLS.web]] },
  { question: 'walk me through web end to end', rounds: [[CALLS.web], [CALLS.webPods], [CALLS.history], [CALLS.config], [CALLS.webLog]] },
  { question: 'is the db reachable from web?', rounds: [[CALLS.svc, CALLS.slices, CALLS.db], [CALLS.dbLog, CALLS.webLog]] },
  { question: 'read everything about web at once', rounds: [[CALLS.web, CALLS.webPods, CALLS.history, CALLS.config, CALLS.configs, CALLS.webLog, CALLS.secret]] },
  { question: 'keep digging into the logs', rounds: [], forever: [CALLS.webLog] },
  { question: 'keep digging into the db', rounds: [], forever: [CALLS.dbLog, CALLS.db] },
  { question: 'keep listing failures', rounds: [], forever: [CALLS.failures] },
  { question: 'keep reading the config', rounds: [], forever: [CALLS.config, CALLS.secret] },
  { question: 'why exit code 0?', rounds: [[CALLS.crashLog, CALLS.crashEvents], [CALLS.failures]] },
  { question: 'compare the two web revisions', rounds: [[CALLS.history], [CALLS.web, CALLS.webPods]] },
  { question: 'anything wrong with the db service endpoints?', rounds: [[CALLS.slices], [CALLS.svc], [CALLS.dbEvents]] },
  { question: 'answer from what you have', rounds: [] },
];

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
};

const kube = await startFakeKube(investigationObjects());
plantLogs(kube);
kube.setLog({ namespace: NS, pod: 'web-7f9c5d-x2x9p', container: 'web' }, Array.from({ length: 5000 }, (_, i) => `2026-03-06T11:${String(i % 60).padStart(2, '0')}:00Z INFO request id=${i} path=/api/orders/${i} status=200 ms=${i % 97}${i % 500 === 7 ? ` token=${PLANTED_VALUES[0] ?? ''}` : ''}`).join('\n'));
const openai = await startFakeOpenAI();
const logger = createLogger('silent');
const kc = kube.kubeConfig();
const context = createToolContext({
  reader: createObjectReader(kc),
  logs: createLogReader(kc),
  allowNamespace: createNamespaceGuard([NS, 'default']),
  readSnapshot: (o) => readClusterSnapshot(kc, { ...o, logger }),
  now: () => NOW,
});
const tokenizer = tokenizerFor(MODEL);
const finding = findingOf(caseA());
const evidence: Evidence = { sections: [{ title: `Pod ${finding.pods[0] ?? ''}`, lines: ['phase Running, CrashLoopBackOff, restarts 29'] }], clusterShape: { controlPlaneNodes: 2, workerNodes: 3, kubernetesVersion: 'v1.26.1' } };

const rounds: number[] = [];
const tokens: number[] = [];
let leaked = 0;
let overBudget = 0;
for (const [index, q] of QUESTIONS.entries()) {
  const diagnoser = createDiagnoser({
    llm: createLlmClient({ apiKey: 'sk-bench', baseURL: openai.url, model: MODEL, maxRetries: 0 }),
    logger,
    anonymize: index % 2 === 1,
    investigation: { mode: 'followups', context, limits: { maxRounds: MAX_ROUNDS, budget: BUDGET } },
  });
  const script = [...q.rounds];
  let toolRounds = 0;
  openai.requests.length = 0;
  openai.respond = (request) => {
    if (request.body.tool_choice === 'none') return reply.text('Answer with what I have.');
    const next = script.shift() ?? q.forever;
    if (next === undefined) return reply.text(`Answer to: ${q.question}`);
    toolRounds += 1;
    return reply.toolCalls(...next);
  };
  const answer = await diagnoser.answerFollowup({ finding, evidence, history: [], question: q.question });
  const promptTokens = openai.requests.reduce((sum, request) => sum + wirePromptTokens(request, tokenizer), 0);
  const bodies = openai.requests.map((r) => r.raw).join('\n');
  const leaks = PLANTED_VALUES.filter((secret) => bodies.includes(secret)).length;
  leaked += leaks;
  if (promptTokens > BUDGET) overBudget += 1;
  rounds.push(toolRounds);
  tokens.push(promptTokens);
  console.log(`${q.question.padEnd(48)} rounds ${String(toolRounds).padStart(2)}  prompt tokens ${String(promptTokens).padStart(6)}  looked at ${answer.lookedAt?.length ?? 0}  leaks ${leaks}`);
}
await Promise.all([kube.close(), openai.close()]);
console.log(JSON.stringify({ questions: QUESTIONS.length, medianRounds: quantile(rounds, 0.5), p95PromptTokens: quantile(tokens, 0.95), leakedSecrets: leaked, overBudget }));
