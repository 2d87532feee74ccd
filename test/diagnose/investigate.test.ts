import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiagnoser, type InvestigationOptions } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { investigate } from '../../src/diagnose/investigate.js';
import { anonymizerFor } from '../../src/diagnose/createAnonymizer.js';
import { tokenizerFor } from '../../src/diagnose/tokenizerFor.js';
import { createToolContext } from '../../src/diagnose/tools/createToolContext.js';
import { INVESTIGATION_TOOLS } from '../../src/diagnose/tools/INVESTIGATION_TOOLS.js';
import type { Diagnoser, Evidence } from '../../src/diagnose/types.js';
import { createObjectReader } from '../../src/kube/createObjectReader.js';
import { createLogReader } from '../../src/kube/podLogs.js';
import { readClusterSnapshot } from '../../src/kube/readClusterSnapshot.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createNamespaceGuard } from '../../src/slack/createNamespaceGuard.js';
import { renderFollowupAnswer } from '../../src/slack/renderFollowupAnswer.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI, type FakeOpenAIRequest } from '../fakes/openai.js';
import { wirePromptTokens } from '../helpers/wirePromptTokens.js';
import { findingOf } from '../slack/harness.js';
import { caseA, NOW } from '../slack/seedCases.js';
import { investigationObjects, NS, PLANTED_VALUES, plantLogs } from './investigationCluster.js';

const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
const finding = findingOf(caseA());
const evidence: Evidence = { sections: [{ title: 'Pod test-deployment-f4955dc4d-95wrl', lines: ['phase Running, CrashLoopBackOff'] }], clusterShape: { controlPlaneNodes: 2, workerNodes: 3, kubernetesVersion: 'v1.26.1' } };

let kube: FakeKube;
let openai: FakeOpenAI;
let metrics: Metrics;

beforeEach(async () => {
  kube = await startFakeKube(investigationObjects());
  plantLogs(kube);
  openai = await startFakeOpenAI();
  metrics = createMetrics();
});
afterEach(async () => {
  await Promise.all([kube.close(), openai.close()]);
});

const llm = () => createLlmClient({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 });

function setup(options: { allowed?: string[]; mode?: InvestigationOptions['mode']; maxRounds?: number; budget?: number; anonymize?: boolean; supportsTools?: boolean } = {}) {
  const kc = kube.kubeConfig();
  const context = createToolContext({
    reader: createObjectReader(kc),
    logs: createLogReader(kc),
    allowNamespace: createNamespaceGuard(options.allowed ?? [NS]),
    readSnapshot: (o) => readClusterSnapshot(kc, { ...o, logger }),
    now: () => NOW,
  });
  const investigation: InvestigationOptions = { mode: options.mode ?? 'followups', context, limits: { maxRounds: options.maxRounds ?? 6, budget: options.budget ?? 12_000 } };
  return { context, diagnoser: createDiagnoser({ llm: llm(), logger, metrics, investigation, anonymize: options.anonymize ?? false }) };
}

const ask = (diagnoser: Diagnoser, question: string) => diagnoser.answerFollowup({ finding, evidence, history: [], question });
/** The tool results the model was sent in a request. */
const toolResults = (request: FakeOpenAIRequest | undefined) => (request?.body.messages ?? []).filter((m) => m.role === 'tool').map((m) => m.content);
const everyBody = () => openai.requests.map((r) => r.raw).join('\n');

describe('investigation: the model reads the cluster through read-only tools', () => {
  it('answers in two rounds from what a tool returned, and cites it', async () => {
    const { diagnoser } = setup();
    openai.script(reply.toolCalls({ name: 'get', arguments: { kind: 'pod', namespace: NS, name: 'db-0' } }), reply.text('db-0 was OOMKilled (exit 137): raise its memory limit above 1Gi.'));
    const answer = await ask(diagnoser, 'is the database pod healthy?');

    expect(openai.requests).toHaveLength(2);
    const [first, second] = openai.requests;
    expect(first?.body.tools?.map((t) => t.function.name)).toEqual(['list_failures', 'get', 'list', 'events', 'logs', 'rollout_history', 'describe_node']);
    expect(first?.body.tool_choice).toBe('auto');
    expect(first?.body.messages[0]?.content).toContain('read-only tools');
    const [result] = toolResults(second);
    expect(result).toContain('reason: OOMKilled');
    expect(result).toContain('<kubernetes_evidence>');
    expect(second?.body.messages.find((m) => m.role === 'assistant' && m.tool_calls)?.tool_calls?.[0]?.function.name).toBe('get');
    expect(answer).toMatchObject({ text: 'db-0 was OOMKilled (exit 137): raise its memory limit above 1Gi.', lookedAt: ['pod/db-0'], source: { kind: 'llm' } });
    const blocks = renderFollowupAnswer(answer, 'en').blocks;
    expect(JSON.stringify(blocks.at(-1))).toContain('Looked at: pod/db-0');
  });

  it('refuses a namespace outside ALLOWED_NAMESPACES and a Secret, tells the model, and goes on', async () => {
    const { diagnoser } = setup({ allowed: [NS] });
    openai.script(
      reply.toolCalls(
        { name: 'logs', arguments: { namespace: 'payments', pod: 'pay-0' } },
        { name: 'get', arguments: { kind: 'secret', namespace: NS, name: 'web-secrets' } },
        { name: 'describe_node', arguments: { name: '3shake-k8s-node-003' } },
      ),
      reply.text('I may not read payments; the Secret is not readable.'),
    );
    const answer = await ask(diagnoser, 'why does pay-0 fail?');
    const results = toolResults(openai.requests[1]);
    expect(results[0]).toContain('refused: namespace payments is outside ALLOWED_NAMESPACES');
    expect(results[1]).toContain('refused: Secrets are never readable');
    expect(results[2]).toContain('refused: reading cluster-scoped objects');
    // Refused means not read at all: the API server never saw these requests.
    expect(kube.requests.filter((r) => r.path.includes('/payments/') || r.path.includes('/secrets') || r.path.includes('/nodes/'))).toEqual([]);
    expect(answer.lookedAt).toBeUndefined();
    expect(everyBody()).not.toContain(PLANTED_VALUES[4]);
    const counted = (await metrics.toolCalls.get()).values.map((v) => `${v.labels.tool} ${v.labels.outcome} ${v.value}`).sort();
    expect(counted).toEqual(['describe_node refused 1', 'get refused 1', 'logs refused 1']);
  });

  it('never sends a planted secret: ConfigMap values, env values, command-line flags, log lines', async () => {
    const { diagnoser } = setup();
    openai.script(
      reply.toolCalls(
        { name: 'get', arguments: { kind: 'configmap', namespace: NS, name: 'web-config' } },
        { name: 'get', arguments: { kind: 'deployment', namespace: NS, name: 'web' } },
        { name: 'logs', arguments: { namespace: NS, pod: 'db-0', previous: true } },
      ),
      reply.toolCalls({ name: 'rollout_history', arguments: { kind: 'deployment', namespace: NS, name: 'web' } }, { name: 'list', arguments: { kind: 'configmaps', namespace: NS } }),
      reply.text('done'),
    );
    const answer = await ask(diagnoser, 'what does web read from its config and what did the db log?');
    const body = everyBody();
    for (const secret of PLANTED_VALUES) expect(body, secret).not.toContain(secret);
    // What is not secret still helps: the keys, the env names, the log around the password.
    const [configMap, deployment, log] = toolResults(openai.requests[1]);
    expect(configMap).toContain('SMTP_PASSWORD: <redacted>');
    expect(deployment).toContain('name: API_TOKEN');
    expect(deployment).not.toContain('managedFields');
    expect(log).toContain('terminated by signal 9: Killed');
    const [, , , history, list] = toolResults(openai.requests[2]);
    expect(history).toContain('image web: shop/web:1.4.1 → shop/web:1.4.2');
    expect(history).toContain('env web: +FEATURE_X');
    expect(history).toContain('resources web: limits.memory 512Mi → 256Mi');
    expect(history).toContain('images web=shop/web:1.4.1');
    // The changed command line is shown, its secret flag value redacted.
    expect(history).toMatch(/args web: \["--port=8000","--db-password","<redacted[^"]*>"\] → \["--port=8080"/);
    expect(list).toContain('web-config: keys DATABASE_URL, SMTP_PASSWORD, LOG_LEVEL');
    expect(answer.lookedAt).toEqual(['configmap/web-config', 'deployment/web', 'logs of db-0 (previous)', 'rollout history of deployment/web', 'list of configmaps in k8s-and-chatgpt']);
  });

  it('answers "not permitted" for a kind the RBAC forbids, and goes on', async () => {
    const { diagnoser } = setup();
    kube.forbid('ReplicaSet');
    openai.script(reply.toolCalls({ name: 'rollout_history', arguments: { kind: 'deployment', namespace: NS, name: 'web' } }, { name: 'events', arguments: { kind: 'pod', namespace: NS, name: 'test-deployment-f4955dc4d-95wrl' } }), reply.text('ok'));
    const answer = await ask(diagnoser, 'what changed?');
    const [history, events] = toolResults(openai.requests[1]);
    expect(history).toContain("not permitted: the bot's RBAC does not allow this read");
    expect(events).toContain('Warning BackOff pod/test-deployment-f4955dc4d-95wrl (x209');
    expect(answer.lookedAt).toEqual(['events of pod/test-deployment-f4955dc4d-95wrl']);
  });

  it('answers bad calls plainly: an unknown tool, invalid arguments, an unknown kind, a missing container', async () => {
    const { diagnoser } = setup();
    openai.script(
      reply.toolCalls(
        { name: 'exec', arguments: { command: 'rm -rf /' } },
        { name: 'get', arguments: { kind: 'pod', namespace: NS } },
        { name: 'list', arguments: { kind: 'customresourcedefinitions' } },
        { name: 'logs', arguments: { namespace: NS, pod: 'db-0', container: 'sidecar' } },
        { name: 'get', arguments: '{not json' },
      ),
      reply.text('ok'),
    );
    await ask(diagnoser, 'what now?');
    const results = toolResults(openai.requests[1]);
    expect(results[0]).toContain('unknown tool "exec"; tools: list_failures, get, list');
    expect(results[1]).toContain('invalid arguments: name:');
    expect(results[2]).toContain('unknown kind "customresourcedefinitions"; readable kinds: pod, deployment');
    expect(results[3]).toContain('pod db-0 has no container "sidecar"; its containers: postgres');
    expect(results[4]).toContain('invalid arguments: not a JSON object');
  });

  it('stops at LLM_MAX_TOOL_ROUNDS when the model keeps asking, and tells it to answer', async () => {
    const { diagnoser } = setup({ maxRounds: 3 });
    openai.respond = (request) => (request.body.tool_choice === 'none' ? reply.text('answer with what I have') : reply.toolCalls({ name: 'list_failures', arguments: {} }));
    const answer = await ask(diagnoser, 'what else is failing?');
    expect(openai.requests.map((r) => r.body.tool_choice)).toEqual(['auto', 'auto', 'auto', 'none']);
    expect(openai.requests.at(-1)?.body.messages.at(-1)?.content).toContain('used all your tool rounds');
    expect(answer.text).toBe('answer with what I have');
    expect(toolResults(openai.requests[1])[0]).toContain('CrashLoopBackOff Deployment/test-deployment');
  });

  it('keeps every request of an investigation within LLM_INVESTIGATION_BUDGET together, with a per-result cap', async () => {
    const budget = 5000;
    const huge = Array.from({ length: 3000 }, (_, i) => `2026-03-06 11:${String(i % 60).padStart(2, '0')} INFO request ${i} served in ${i % 97} ms path=/api/orders/${i}`).join('\n');
    kube.setLog({ namespace: NS, pod: 'web-7f9c5d-x2x9p', container: 'web' }, huge);
    openai.respond = (request) => (request.body.tool_choice === 'none' ? reply.text('over') : reply.toolCalls({ name: 'logs', arguments: { namespace: NS, pod: 'web-7f9c5d-x2x9p', tailLines: 500 } }));
    const tokenizer = tokenizerFor('gpt-4o-mini');
    const found = await investigate({
      llm: llm(),
      messages: [{ role: 'system', content: 'You are an SRE.' }, { role: 'user', content: 'why is web slow?' }],
      format: { type: 'text' },
      tools: INVESTIGATION_TOOLS,
      context: setup().context,
      anonymizer: anonymizerFor(finding, []),
      tokenizer,
      limits: { maxRounds: 10, budget },
    });
    expect(found.stoppedBy).toBe('budget');
    expect(found.promptTokens).toBeLessThanOrEqual(budget);
    // The same count, made from what really went over the wire.
    const wire = openai.requests.reduce((sum, request) => sum + wirePromptTokens(request, tokenizer), 0);
    expect(wire).toBe(found.promptTokens);
    expect(wire).toBeLessThanOrEqual(budget);
    const [log] = toolResults(openai.requests[1]);
    expect(log).toMatch(/… \d+ earlier lines/);
    expect(log).toContain('request 2999 served');
    expect(tokenizer.count(log ?? '')).toBeLessThanOrEqual(budget / 8 + 40);
  });

  it('falls back once per process to the fixed-evidence answer when the endpoint rejects tools', async () => {
    const { diagnoser } = setup();
    openai.supportsTools = false;
    openai.script(reply.text('from the evidence'), reply.text('again from the evidence'));
    expect((await ask(diagnoser, 'why?')).text).toBe('from the evidence');
    expect((await ask(diagnoser, 'and now?')).text).toBe('again from the evidence');
    expect(openai.requests.map((r) => r.body.tools !== undefined)).toEqual([true, false, false]);
  });

  it('falls back the same way when the model writes its tool call as text (Ollama without tool support)', async () => {
    const { diagnoser } = setup();
    openai.script(reply.text('{"name": "get", "arguments": {"kind": "pod", "namespace": "k8s-and-chatgpt", "name": "db-0"}}'), reply.text('plain answer'));
    expect((await ask(diagnoser, 'why?')).text).toBe('plain answer');
    expect(openai.requests.map((r) => r.body.tools !== undefined)).toEqual([true, false]);
  });

  it('anonymizes tool results and turns placeholders in the arguments back into real names', async () => {
    const { diagnoser } = setup({ anonymize: true });
    openai.respond = (request) => {
      if (openai.requests.length > 1) return reply.text('POD_1 keeps crashing');
      // The model only knows the placeholders it was shown.
      const ns = /NAMESPACE_\d+/.exec(request.raw)?.[0] ?? 'missing';
      const pod = /POD_\d+/.exec(request.raw)?.[0] ?? 'missing';
      return reply.toolCalls({ name: 'events', arguments: { kind: 'pod', namespace: ns, name: pod } }, { name: 'list', arguments: { kind: 'endpointslice', namespace: ns } });
    };
    const answer = await ask(diagnoser, 'why?');
    expect(kube.requests.some((r) => r.path === `/api/v1/namespaces/${NS}/events`)).toBe(true);
    const body = everyBody();
    for (const name of [NS, 'test-deployment-f4955dc4d', 'db-k2j4f']) expect(body).not.toContain(name);
    expect(toolResults(openai.requests[1])[0]).toContain('Warning BackOff pod/POD_');
    // A name first met in a tool result gets a placeholder too.
    expect(toolResults(openai.requests[1])[1]).toMatch(/POD_\d+: service db, endpoints ready 0\/1/);
    expect(answer.text).toMatch(/^test-deployment-f4955dc4d-\w+ keeps crashing$/);
  });

  it('with LLM_INVESTIGATE=all the first diagnosis may read the cluster and is still the five-part answer', async () => {
    const { diagnoser } = setup({ mode: 'all' });
    openai.script(reply.toolCalls({ name: 'list', arguments: { kind: 'pods', namespace: NS, labelSelector: 'app=ubuntu' } }), reply.json(sampleDiagnosis({ explanation: 'all three pods crash-loop' })));
    const result = await diagnoser.diagnose({ finding, evidence });
    expect(result.source).toEqual({ kind: 'llm', model: 'gpt-4o-mini', cached: false });
    expect(result.diagnosis.explanation).toBe('all three pods crash-loop');
    expect(result.lookedAt).toEqual(['list of pods (app=ubuntu) in k8s-and-chatgpt']);
    expect(openai.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_schema']);
    expect(toolResults(openai.requests[1])[0]).toContain('test-deployment-f4955dc4d-95wrl: Running (CrashLoopBackOff), ready 0/1, restarts 29');
    // With `followups`, a first diagnosis does not investigate; Re-diagnose (followup) does.
    const plain = setup({ mode: 'followups' }).diagnoser;
    const before = openai.requests.length;
    await plain.diagnose({ finding, evidence });
    expect(openai.requests[before]?.body.tools).toBeUndefined();
  });
});
