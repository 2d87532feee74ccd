import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startBot, type RunningBot } from '../../src/run/startBot.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';
import { createSlackSigner, type FakeMessage, type SlackSigner } from '../fakes/slack.js';
import { freePort, waitUntil } from '../e2e/spawnBot.js';
import { exampleObjects, OPS, SIGNING_SECRET, startWorld, type World } from '../e2e/startWorld.js';
import { backOffEvent, pod, replicaSet } from '../watch/podFixtures.js';

const blocksOf = (message: FakeMessage | undefined): string => JSON.stringify(message?.blocks ?? []);
/** Namespaces the worker and watcher read from a fake API server. */
const namespacesRead = (kube: FakeKube): Set<string> =>
  new Set(kube.requests.map((r) => /\/namespaces\/([^/]+)\//.exec(r.path)?.[1]).filter((ns): ns is string => ns !== undefined));

/**
 * CLUSTERS: one bot process watches two clusters (two loopback API servers, a folder of
 * kubeconfigs) and one worker pool diagnoses both, each from its own cluster.
 */
describe('CLUSTERS: two clusters, one watcher process, one worker pool', () => {
  let world: World;
  let osaka: FakeKube;
  let bot: RunningBot | undefined;
  let signer: SlackSigner;
  let dir: string;

  beforeAll(async () => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    const name = 'api-7d4b9c8f5d-q1';
    osaka = await startFakeKube([{ kind: 'Namespace', metadata: { name: 'storm' } }, ...replicaSet('storm', 'api'), pod('storm', 'api', name, { crashing: true, restarts: 4 }), backOffEvent('storm', name, 7)]);
    dir = mkdtempSync(join(tmpdir(), 'kdb-clusters-'));
    world.kube.writeKubeconfig(join(dir, 'prod-tokyo.yaml'));
    osaka.writeKubeconfig(join(dir, 'prod-osaka.yaml'));
    const port = await freePort();
    const config = readConfig(world.env({ PORT: String(port), CLUSTERS: dir }), 'all');
    bot = await startBot({ config, role: 'all', logger: createLogger(process.env.LOG_LEVEL ?? 'silent') });
    signer = createSlackSigner({ endpoint: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET, responseUrl: () => world.slack.responseUrl() });
  }, 30_000);

  afterAll(async () => {
    await bot?.stop();
    await osaka?.close();
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('posts each cluster\'s incident once, saying which cluster, with evidence from that cluster', async () => {
    const tokyo = await waitUntil(() => world.incident('Deployment test-deployment'), 20_000, 'the tokyo incident');
    const api = await waitUntil(() => world.incident('Deployment api'), 20_000, 'the osaka incident');
    expect(blocksOf(tokyo)).toContain('prod-tokyo');
    expect(blocksOf(tokyo)).not.toContain('prod-osaka');
    expect(blocksOf(api)).toContain('prod-osaka');
    expect(blocksOf(api)).not.toContain('prod-tokyo');
    const evidence = await waitUntil(() => world.slack.replies(OPS, api.ts)[0], 10_000, 'the osaka evidence');
    expect(evidence.text + blocksOf(evidence)).toContain('Back-off restarting failed container');
    // Each API server was asked only about its own namespaces.
    expect(namespacesRead(osaka).has('k8s-and-chatgpt')).toBe(false);
    expect(namespacesRead(world.kube).has('storm')).toBe(false);
    expect(namespacesRead(osaka).has('storm')).toBe(true);
    expect(world.incidents()).toHaveLength(2);
  });

  it('runs /k8s-diagnose on the cluster named by --cluster, the first one by default', async () => {
    const before = world.slack.messages(OPS).length;
    await signer.command('/k8s-diagnose', 'deploy/test-deployment -n k8s-and-chatgpt --cluster prod-tokyo', { trigger_id: 'trigger.1' });
    const posted = await waitUntil(() => world.slack.messages(OPS).slice(before).find((m) => m.thread_ts === undefined && blocksOf(m).includes('Deployment test-deployment')), 20_000, 'the command diagnosis');
    expect(blocksOf(posted)).toContain('prod-tokyo');

    // The folder's files in name order: prod-osaka comes first, so it is the default.
    const answers = world.slack.responseUrlPosts.length;
    await signer.command('/k8s-diagnose', 'deploy/test-deployment -n k8s-and-chatgpt', { trigger_id: 'trigger.2' });
    const missing = await waitUntil(() => world.slack.responseUrlPosts.slice(answers).find((p) => String(p.body.text).includes('No deployment test-deployment')), 15_000, 'the default cluster answer');
    expect(String(missing.body.text)).toContain('namespace k8s-and-chatgpt');

    await signer.command('/k8s-diagnose', 'deploy/api -n storm --cluster prod-kyoto', { trigger_id: 'trigger.3' });
    const unknown = await waitUntil(() => world.slack.responseUrlPosts.slice(answers).find((p) => String(p.body.text).includes('prod-kyoto')), 15_000, 'the unknown cluster answer');
    expect(String(unknown.body.text)).toMatch(/No cluster `prod-kyoto`.*`prod-osaka`, `prod-tokyo`/);
  });
});
