import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnBot, START_TIMEOUT_MS, waitUntil, type BotProcess } from '../e2e/spawnBot.js';
import { exampleObjects, OPS, startWorld, type World } from '../e2e/startWorld.js';
import type { FakeMessage } from '../fakes/slack.js';
import { killAllChildren } from '../helpers/childProcesses.js';
import { healthyWorkloads } from './healthyWorkloads.js';
import { startAlertmanager, type PostableAlert, type RunningAlertmanager } from './startAlertmanager.js';

const TOKEN = 'am-e2e-token';
const CASE_A = { namespace: 'k8s-and-chatgpt', pod: 'test-deployment-f4955dc4d-95wrl' };
/** One workload with three pods for the firing/grouped/repeated/resolved story. */
const web = healthyWorkloads('shop', 1, { podsEach: 3 });
/** Fifty one-pod workloads for the storm: twenty alerts each. */
const storm = healthyWorkloads('storm', 50, { prefix: 'storm' });

const header = (m: FakeMessage): string => JSON.stringify((m.blocks as Array<{ type: string }> | undefined)?.find((b) => b.type === 'header') ?? {});
const past = (ms: number): string => new Date(Date.now() - ms).toISOString();
/** Consonants only: a name Kubernetes could have generated (no vowels, no 0/1/3). */
const SAFE = 'bcdfghjklmnpqrstvwxz';

/**
 * The whole path with a real Alertmanager: alerts go in through its own API
 * (`POST /api/v2/alerts`), it groups, repeats and resolves them and posts webhooks to the real bot
 * process (`node dist/cli.js start`), which talks to the loopback Kubernetes, OpenAI and Slack.
 */
describe('Prometheus alerts through a real Alertmanager', () => {
  let world: World;
  let bot: BotProcess | undefined;
  let am: RunningAlertmanager | undefined;
  let port: number;

  /** Webhook calls the bot took for a group: `n` of them means Alertmanager sent it `n` times. */
  const webhooks = (...words: string[]): number =>
    (bot?.output() ?? '').split('\n').filter((line) => line.includes('alerts queued') && words.every((w) => line.includes(w))).length;

  beforeAll(async () => {
    world = await startWorld([...exampleObjects('case-a-crashloop.json'), ...web.objects, ...storm.objects]);
    port = await freePort();
    bot = await spawnBot(world.env({ PORT: String(port), ALERTMANAGER_TOKEN: TOKEN, WORKER_CONCURRENCY: '4', LLM_RATE_LIMIT_PER_MINUTE: '1000', SLACK_LINK_HOSTS: 'runbooks.prometheus-operator.dev' }));
    am = await startAlertmanager({ webhookUrl: `http://127.0.0.1:${port}/alertmanager`, token: TOKEN, groupBy: ['namespace', 'alertname'] });
  }, START_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    try {
      await am?.stop();
      await bot?.stop();
    } finally {
      await killAllChildren();
      await world?.close();
    }
  });

  it('refuses a webhook with a wrong token (401)', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/alertmanager`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('joins the thread of the watcher incident of the same workload instead of posting again', async () => {
    const incident = await waitUntil(() => world.incident('Deployment test-deployment'), 20_000, 'the watcher incident');
    await am?.post([{ labels: { alertname: 'KubePodCrashLooping', severity: 'warning', ...CASE_A }, annotations: { summary: 'Pod is crash looping.' } }]);
    const note = (m: FakeMessage) => m.text.includes('KubePodCrashLooping') && m.text.includes('firing for this workload');
    await waitUntil(() => world.slack.replies(OPS, incident.ts).some(note), 15_000, 'the alert note in the watcher thread');
    // Alertmanager repeats the notification (repeat_interval 1s): nothing more is posted.
    await waitUntil(() => webhooks('KubePodCrashLooping', 'k8s-and-chatgpt') >= 3, 15_000, 'two repeats');
    expect(world.slack.replies(OPS, incident.ts).filter(note)).toHaveLength(1);
    expect(world.incidents().filter((m) => header(m).includes('test-deployment'))).toHaveLength(1);
  });

  it('posts one message per workload for grouped and repeated alerts, and resolves it when all resolve', async () => {
    const podAlerts: PostableAlert[] = web.pods(0).map((pod) => ({
      labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'shop', pod, container: 'app' },
      annotations: { summary: 'Pod is crash looping.', description: `Pod shop/${pod} is restarting. token=ghp_abcdefghijklmnopqrstuvwxyz0123456789`, runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping' },
      generatorURL: 'http://prometheus:9090/graph?g0.expr=kube_pod_container_status_waiting_reason',
      startsAt: past(60_000),
    }));
    const mismatch: PostableAlert = {
      labels: { alertname: 'KubeDeploymentReplicasMismatch', severity: 'warning', namespace: 'shop', deployment: 'web-000', job: 'kube-state-metrics', pod: 'kps-kube-state-metrics-6d9f7c-x2x4q' },
      annotations: { summary: 'Deployment has not matched the expected number of replicas.' },
      startsAt: past(60_000),
    };
    // The three pods' alerts are one group (namespace, alertname); the other alert comes later.
    await am?.post(podAlerts);
    const message = await waitUntil(() => world.incidents().find((m) => header(m).includes('web-000')), 20_000, 'the alert incident');
    await am?.post([mismatch]);
    const note = (m: FakeMessage) => m.text.includes('KubeDeploymentReplicasMismatch');
    await waitUntil(() => world.slack.replies(OPS, message.ts).some(note), 15_000, 'the second alert joining');
    await waitUntil(() => webhooks('KubeDeploymentReplicasMismatch', 'shop') >= 3, 15_000, 'two repeats');
    expect(world.incidents().filter((m) => header(m).includes('web-000'))).toHaveLength(1);
    expect(world.slack.replies(OPS, message.ts).filter(note)).toHaveLength(1);
    const blocks = JSON.stringify(message.blocks);
    expect(header(message)).toContain('KubePodCrashLooping · critical');
    // A link shows its own URL, clickable only to SLACK_LINK_HOSTS.
    expect(blocks).toContain('Runbook (<https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping>)');
    expect(blocks).toContain('Prometheus query (hxxp://prometheus:9090/graph');
    expect(blocks).not.toContain('ghp_abcdef');
    const prompt = world.openai.requests.map((r) => JSON.stringify(r.body.messages)).find((p) => p.includes('web-000')) ?? '';
    expect(prompt).toContain('KubePodCrashLooping firing');
    expect(prompt).not.toContain('ghp_abcdef');

    await am?.post([...podAlerts, mismatch].map((a) => ({ ...a, endsAt: past(1000) })));
    await waitUntil(
      () => world.slack.callsTo('chat.update').some((call) => call.payload.ts === message.ts && JSON.stringify(call.payload.blocks).includes('Resolved after')),
      20_000,
      'the message edited to resolved',
    );
    await waitUntil(() => world.slack.replies(OPS, message.ts).some((m) => m.text.includes('Resolved after')), 10_000, 'the resolution in the thread');
  });

  it('turns a storm of 1,000 alerts over 50 workloads into 50 incidents and at most 50 LLM calls', async () => {
    const llmBefore = world.openai.requests.length;
    const alerts: PostableAlert[] = [];
    for (let i = 0; i < 50; i += 1) {
      for (let j = 0; j < 20; j += 1) {
        // Pods beyond the first are gone already: they map by name, like a rollout's old pods.
        const pod = j === 0 ? (storm.pods(i)[0] ?? '') : `${storm.name(i)}-6b8f9c7d5-${SAFE[j] ?? 'b'}kxzq`;
        alerts.push({ labels: { alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'storm', pod }, annotations: { summary: 'Pod is crash looping.' } });
      }
    }
    await am?.post(alerts);
    const stormIncidents = () => world.incidents().filter((m) => /storm-\d{3}/.test(header(m)));
    await waitUntil(() => stormIncidents().length >= 50, 60_000, '50 storm incidents');
    await waitUntil(() => webhooks('KubePodCrashLooping', 'storm') >= 2, 15_000, 'a repeat of the storm');
    const workloads = stormIncidents().map((m) => /storm-\d{3}/.exec(header(m))?.[0]);
    expect(new Set(workloads).size).toBe(50);
    expect(workloads).toHaveLength(50);
    expect(world.openai.requests.length - llmBefore).toBeLessThanOrEqual(50);
  }, 90_000);
});
