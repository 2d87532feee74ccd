import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeKube, type FakeKube, type KubeObject } from '../fakes/kube.js';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { startFakeSlack, type FakeMessage, type FakeSlack } from '../fakes/slack.js';
import { deletePrefix, openRedis, REDIS_URL, testPrefix } from '../helpers/redis.js';

/** The ops channel every e2e bot posts to. */
export const OPS = 'C0OPS';
export const SIGNING_SECRET = 'e2e-signing-secret';

/** The items of a bundled example (`examples/<file>`). */
export function exampleObjects(file: string): KubeObject[] {
  const list = JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8')) as { items: KubeObject[] };
  return list.items;
}

/** Everything a bot process talks to: the three loopback fakes and its own Redis key prefix. */
export interface World {
  kube: FakeKube;
  openai: FakeOpenAI;
  slack: FakeSlack;
  prefix: string;
  /** The settings of a bot process in this world; `more` adds or overrides. */
  env(more?: Record<string, string>): Record<string, string>;
  /** Top-level incident messages in the ops channel. */
  incidents(): FakeMessage[];
  /** The incident message whose header names `workload`, e.g. `Deployment test-deployment`. */
  incident(workload: string): FakeMessage | undefined;
  close(): Promise<void>;
}

const headerOf = (message: FakeMessage): string => {
  const header = (message.blocks as Array<{ type: string; text?: { text: string } }> | undefined)?.find((block) => block.type === 'header');
  return header?.text?.text ?? '';
};

/** Starts the fakes with `objects` in the cluster. */
export async function startWorld(objects: KubeObject[], options: { redisUrl?: string } = {}): Promise<World> {
  const kube = await startFakeKube(objects);
  const openai = await startFakeOpenAI();
  const slack = await startFakeSlack();
  const prefix = testPrefix('e2e');
  const dir = mkdtempSync(join(tmpdir(), 'kdb-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  kube.writeKubeconfig(kubeconfig);
  const redisUrl = options.redisUrl ?? REDIS_URL;
  const incidents = (): FakeMessage[] =>
    slack.messages(OPS).filter((m) => m.thread_ts === undefined && m.metadata?.event_type === 'kdb_incident');
  return {
    kube,
    openai,
    slack,
    prefix,
    env: (more = {}) => ({
      KUBECONFIG: kubeconfig,
      SLACK_BOT_TOKEN: 'xoxb-e2e',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_OPS_CHANNEL: OPS,
      SLACK_API_URL: slack.url,
      OPENAI_API_KEY: 'sk-e2e-not-a-real-key',
      OPENAI_BASE_URL: openai.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      CLUSTER_NAME: 'e2e',
      PENDING_THRESHOLD_SECONDS: '0',
      STARTUP_GRACE_SECONDS: '0',
      RESOLVE_AFTER_SECONDS: '1',
      ...more,
    }),
    incidents,
    incident: (workload) => incidents().find((m) => headerOf(m).includes(workload)),
    async close() {
      await Promise.all([kube.close(), openai.close(), slack.close()]);
      // A Redis of the test's own may be gone already: then there is nothing to delete.
      const redis = openRedis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
      await deletePrefix(redis, prefix).catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
