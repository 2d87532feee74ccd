import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { createToolContext } from '../../src/diagnose/tools/createToolContext.js';
import { createObjectReader } from '../../src/kube/createObjectReader.js';
import type { Diagnoser } from '../../src/diagnose/types.js';
import { createFollowupHandler } from '../../src/worker/createFollowupHandler.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { createNamespaceGuard } from '../../src/slack/createNamespaceGuard.js';
import { parseDiagnoseCommand } from '../../src/slack/parseDiagnoseCommand.js';
import type { FollowupJobData } from '../../src/slack/types.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import type { KubeObject } from '../fakes/kube.js';
import { findingOf, incidentJob, startHarness, type Harness } from '../slack/harness.js';
import { caseA, caseB } from '../slack/seedCases.js';

const OPS = 'C0OPS';
let h: Harness;
let openai: FakeOpenAI;
let diagnoser: Diagnoser;

const healthyWeb: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'k8s-and-chatgpt' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } },
  status: { replicas: 3, readyReplicas: 3 },
} as KubeObject;

beforeEach(async () => {
  h = await startHarness('slack-followup', [...caseA(), ...caseB().filter((o) => (o as { kind: string }).kind !== 'Node'), healthyWeb]);
  openai = await startFakeOpenAI();
  diagnoser = createDiagnoser({ llm: createLlmClient({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 }), logger: h.logger });
});
afterEach(async () => {
  await h.close();
  await openai.close();
});

function followups(allowed = ['*'], readSnapshot = h.readSnapshot) {
  return createFollowupHandler({
    poster: h.poster,
    store: h.store,
    diagnoser,
    readSnapshot,
    logs: h.logs,
    allowNamespace: createNamespaceGuard(allowed),
    cluster: 'onprem-lab',
    logger: h.logger,
    now: () => h.clock.now,
  });
}

/** Posts case A's incident as the watcher would, and returns its thread ts. */
async function postIncident(): Promise<string> {
  await createIncidentHandler({ poster: h.poster, store: h.store, diagnoser, readSnapshot: h.readSnapshot, logs: h.logs, defaultChannel: OPS, logger: h.logger, now: () => h.clock.now })(
    incidentJob(findingOf(caseA())),
  );
  const ts = h.slack.messages(OPS).find((m) => m.thread_ts === undefined)?.ts;
  if (ts === undefined) throw new Error('no incident post');
  return ts;
}

function command(text: string, requestId = 'trigger-1'): Extract<FollowupJobData, { type: 'command' }> {
  const parsed = parseDiagnoseCommand(text);
  if (!parsed.ok || parsed.command.type === 'help') throw new Error(`bad test command ${text}`);
  return { type: 'command', channel: OPS, user: 'U0PERSON', command: parsed.command, responseUrl: h.slack.responseUrl(), requestId };
}

describe('follow-up handler', () => {
  it('answers thread questions with the conversation so far and fresh evidence from the cluster', async () => {
    const threadTs = await postIncident();
    const handle = followups();
    openai.script(reply.text('It exits at once: **ubuntu** has no long-running command.'));
    await handle({ type: 'question', channel: OPS, user: 'U0PERSON', threadTs, messageTs: '1.1', text: 'Why does it exit? my password=hunter2' });

    // Something changes in the cluster between the two questions.
    h.kube.setLog({ namespace: 'k8s-and-chatgpt', pod: 'test-deployment-f4955dc4d-95wrl', container: 'ubuntu', previous: true }, 'exec: sleep-forever: not found\n');
    openai.script(reply.text('Use `command: ["sleep", "infinity"]`.'));
    await handle({ type: 'question', channel: OPS, user: 'U0PERSON', threadTs, messageTs: '1.2', text: 'How do I keep it running?' });

    const answers = h.slack.replies(OPS, threadTs).slice(1);
    expect(answers.map((a) => a.text)).toEqual(['It exits at once: *ubuntu* has no long-running command.', 'Use `command: ["sleep", "infinity"]`.']);
    const second = openai.requests.at(-1)?.raw ?? '';
    expect(second).toContain('Why does it exit?');
    expect(second).toContain('has no long-running command');
    expect(second).toContain('How do I keep it running?');
    expect(second).toContain('sleep-forever: not found');
    expect(openai.requests.map((r) => r.raw).join('\n')).not.toContain('hunter2');
    expect(await h.store.conversation((await h.store.current('fp-case-a'))?.key ?? '')).toHaveLength(4);
  });

  it('refuses a follow-up in a namespace the caller may not read, and says so', async () => {
    const threadTs = await postIncident();
    const before = openai.requests.length;
    await followups(['prod-*'])({ type: 'question', channel: OPS, user: 'U0PERSON', threadTs, messageTs: '1.1', text: 'why?' });
    expect(openai.requests.length).toBe(before);
    expect(h.slack.replies(OPS, threadTs).at(-1)?.text).toContain('may not read namespace `k8s-and-chatgpt`');
  });

  it('re-diagnoses with fresh evidence and a new answer in the thread', async () => {
    const threadTs = await postIncident();
    const before = openai.requests.length;
    await followups()({ type: 'rediagnose', channel: OPS, user: 'U0PERSON', threadTs, requestId: 'a.1' });
    expect(openai.requests.length).toBe(before + 1);
    const replies = h.slack.replies(OPS, threadTs);
    expect(replies).toHaveLength(2);
    expect(replies[1]?.text).toContain('k8s-and-chatgpt/Deployment/test-deployment: container "ubuntu" keeps crashing');
  });

  it('investigates on Re-diagnose and in thread questions, and says what it looked at', async () => {
    const threadTs = await postIncident();
    const context = createToolContext({ reader: createObjectReader(h.kube.kubeConfig()), logs: h.logs, allowNamespace: () => true, readSnapshot: h.readSnapshot, now: () => h.clock.now });
    diagnoser = createDiagnoser({
      llm: createLlmClient({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 }),
      logger: h.logger,
      investigation: { mode: 'followups', context, limits: { maxRounds: 3, budget: 12_000 } },
    });
    const events = { name: 'events', arguments: { kind: 'pod', namespace: 'k8s-and-chatgpt', name: 'test-deployment-f4955dc4d-95wrl' } };
    openai.script(reply.toolCalls(events), reply.json(sampleDiagnosis()), reply.toolCalls({ name: 'rollout_history', arguments: { kind: 'deployment', namespace: 'k8s-and-chatgpt', name: 'test-deployment' } }), reply.text('Nothing changed: it never ran.'));
    await followups()({ type: 'rediagnose', channel: OPS, user: 'U0PERSON', threadTs, requestId: 'a.2' });
    await followups()({ type: 'question', channel: OPS, user: 'U0PERSON', threadTs, messageTs: '3.1', text: 'what changed in the last rollout?' });
    const [rediagnosis, answer] = h.slack.replies(OPS, threadTs).slice(-2);
    expect(JSON.stringify(rediagnosis?.blocks)).toContain('Looked at: events of pod/test-deployment-f4955dc4d-95wrl');
    expect(answer?.text).toBe('Nothing changed: it never ran.\nLooked at: rollout history of deployment/test-deployment');
  });

  describe('/k8s-diagnose', () => {
    it('posts a failing workload with its own thread, where follow-ups work', async () => {
      await followups()(command('deploy/test-deployment -n k8s-and-chatgpt'));
      const [post, ...others] = h.slack.messages(OPS).filter((m) => m.thread_ts === undefined);
      expect(others).toHaveLength(0);
      expect(post?.text).toContain('k8s-and-chatgpt/Deployment/test-deployment: container "ubuntu" keeps crashing');
      expect(JSON.stringify(post?.blocks)).not.toContain('kdb_mute_1h');
      expect(h.slack.replies(OPS, post?.ts ?? '')[0]?.text).toContain('Evidence');
      openai.script(reply.text('Because bash exits.'));
      await followups()({ type: 'question', channel: OPS, user: 'U0PERSON', threadTs: post?.ts ?? '', messageTs: '2.1', text: 'why?' });
      expect(h.slack.replies(OPS, post?.ts ?? '').at(-1)?.text).toBe('Because bash exits.');
    });

    it('finds a failing pod by name (seed case B: the PVC and its pod)', async () => {
      await followups()(command('prometheus-alertmanager-0 -n default'));
      expect(h.slack.messages(OPS)[0]?.text).toContain('default/StatefulSet/prometheus-alertmanager: PersistentVolumeClaim');
      await followups()(command('pvc/storage-prometheus-alertmanager-0 -n default', 'trigger-2'));
      expect(h.slack.messages(OPS).filter((m) => m.thread_ts === undefined)).toHaveLength(2);
    });

    it('answers an unknown resource, a healthy one and an empty namespace through the response_url', async () => {
      await followups()(command('deployment/web -n prod'));
      await followups()(command('deployment/web -n k8s-and-chatgpt'));
      await followups()(command('namespace kube-system'));
      expect(h.slack.responseUrlPosts.map((p) => p.body.text)).toEqual([
        'No deployment web in namespace prod.',
        'deployment/web in k8s-and-chatgpt: 3/3 ready, no warning events in the last hour.',
        'namespace kube-system: no failures found (0 pods).',
      ]);
      expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    });

    it('tells the caller at once when the cluster cannot be read', async () => {
      await followups(['*'], () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.1:443')))(command('deployment/web -n prod'));
      expect(h.slack.responseUrlPosts.at(-1)?.body.text).toBe('I could not read the cluster (connect ECONNREFUSED 10.0.0.1:443). Try again in a minute.');
    });

    it('lists every failure of a namespace and diagnoses the worst in the thread', async () => {
      await followups()(command('namespace k8s-and-chatgpt'));
      const [summary] = h.slack.messages(OPS).filter((m) => m.thread_ts === undefined);
      expect(summary?.text).toBe('namespace k8s-and-chatgpt (onprem-lab): 1 failure');
      const replies = h.slack.replies(OPS, summary?.ts ?? '');
      expect(replies.map((r) => r.text.slice(0, 40))).toEqual([expect.stringContaining('k8s-and-chatgpt/Depl'), expect.stringContaining('Evidence')]);
    });

    it('refuses a namespace outside ALLOWED_NAMESPACES and tells the caller when the bot is not in the channel', async () => {
      await followups(['prod-*'])(command('deployment/test-deployment -n k8s-and-chatgpt'));
      expect(h.slack.responseUrlPosts.at(-1)?.body.text).toContain('may not read namespace `k8s-and-chatgpt`');
      h.slack.fail('chat.postMessage', { error: 'not_in_channel' });
      await followups()(command('deployment/test-deployment -n k8s-and-chatgpt', 'trigger-3'));
      expect(h.slack.responseUrlPosts.at(-1)?.body.text).toContain('/invite');
    });
  });
});
