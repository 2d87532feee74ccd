/**
 * One run of the end-to-end benchmark: fresh loopback fakes (Kubernetes, OpenAI, Slack), a fresh
 * Redis prefix, the real bot processes (`node dist/cli.js start --role ...`), and clocks on both
 * ends: when each incident reached the LLM fake and when its top-level message reached the Slack
 * fake. `close()` stops every process with SIGTERM, closes the fakes and deletes the prefix.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeKube, type FakeKube } from '../test/fakes/kube.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI } from '../test/fakes/openai.js';
import { startFakeSlack, type FakeSlack } from '../test/fakes/slack.js';
import { deletePrefix, openRedis, REDIS_URL } from '../test/helpers/redis.js';
import { freePort, spawnBot, type BotProcess } from '../test/e2e/spawnBot.js';
import { healthyCluster, WORKLOAD_PATTERN } from './e2eWorkloads.js';

const OPS = 'C0BENCHOPS';

export interface E2eRun {
  kube: FakeKube;
  openai: FakeOpenAI;
  slack: FakeSlack;
  /** Starts one bot process with the run's settings plus `extra`; it is stopped by `close()`. */
  startBot(role: 'all' | 'watcher' | 'worker', extra?: Record<string, string>): Promise<BotProcess>;
  /** Workload name → when its incident message reached the Slack fake (first one only). */
  posted: Map<string, number>;
  /** Workload names posted more than once as a top-level incident (must stay empty). */
  duplicates: string[];
  /** Workload name → when its diagnosis request reached the LLM fake (first one only). */
  llmAsked: Map<string, number>;
  /** Workload name → when the watcher logged `incident new` (pino `time`), from every process. */
  enqueued(): Map<string, number>;
  close(): Promise<void>;
}

/** SIGTERM, and SIGKILL when the process has not ended within its promised 10 s (plus slack). */
async function stopBot(bot: BotProcess, label: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<'killed'>((resolve) => {
    timer = setTimeout(() => {
      bot.child.kill('SIGKILL');
      resolve('killed');
    }, 15_000);
  });
  const result = await Promise.race([bot.stop('SIGTERM'), killed]);
  clearTimeout(timer);
  if (result === 'killed') console.log(`  warning: ${label} did not stop within 15 s of SIGTERM; killed`);
  else if (result.ms > 10_000) console.log(`  warning: ${label} took ${result.ms} ms to stop`);
}

/** Starts the fakes; `llmDelayMs` is how long the LLM fake takes per answer (0: at once). */
export async function startE2eRun(options: { llmDelayMs: number }): Promise<E2eRun> {
  const prefix = `kdbbench:e2e:${randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'kdb-bench-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const kube = await startFakeKube(healthyCluster());
  kube.writeKubeconfig(kubeconfig);
  const openai = await startFakeOpenAI();
  const slack = await startFakeSlack();
  const redis = openRedis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const bots: BotProcess[] = [];

  const llmAsked = new Map<string, number>();
  const answer = reply.json(sampleDiagnosis({ faultLocation: 'container "app" of the workload' }));
  openai.respond = (request) => {
    const prompt = request.body.messages.map((m) => m.content).join('\n');
    const name = WORKLOAD_PATTERN.exec(prompt)?.[0];
    if (name !== undefined && !llmAsked.has(name)) llmAsked.set(name, Date.now());
    return options.llmDelayMs > 0 ? reply.slow(options.llmDelayMs, answer) : answer;
  };

  // The fake records calls as they arrive; a 2 ms scan of the new ones timestamps each post.
  const posted = new Map<string, number>();
  const duplicates: string[] = [];
  let seen = 0;
  const scan = (): void => {
    const now = Date.now();
    for (; seen < slack.calls.length; seen += 1) {
      const call = slack.calls[seen];
      if (call?.method !== 'chat.postMessage' || call.payload.thread_ts !== undefined) continue;
      const metadata = call.payload.metadata as { event_type?: string } | undefined;
      if (metadata?.event_type !== 'kdb_incident') continue;
      const blocks = (call.payload.blocks ?? []) as Array<{ type: string; text?: { text?: string } }>;
      const header = blocks.find((block) => block.type === 'header')?.text?.text ?? '';
      const name = WORKLOAD_PATTERN.exec(header)?.[0];
      if (name === undefined) continue;
      if (posted.has(name)) duplicates.push(name);
      else posted.set(name, now);
    }
  };
  const scanner = setInterval(scan, 2);

  const env = async (extra: Record<string, string>): Promise<Record<string, string>> => ({
    KUBECONFIG: kubeconfig,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_OPS_CHANNEL: OPS,
    SLACK_API_URL: slack.url,
    OPENAI_API_KEY: 'sk-bench-not-a-real-key',
    OPENAI_BASE_URL: openai.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    CLUSTER_NAME: 'bench',
    PORT: String(await freePort()),
    PENDING_THRESHOLD_SECONDS: '0',
    STARTUP_GRACE_SECONDS: '0',
    // The benchmark measures the pipeline, not the limiter in front of the LLM or the answer cache.
    LLM_RATE_LIMIT_PER_MINUTE: '100000',
    LLM_CACHE_TTL_SECONDS: '0',
    ...extra,
  });

  return {
    kube,
    openai,
    slack,
    posted,
    duplicates,
    llmAsked,
    async startBot(role, extra = {}) {
      const bot = await spawnBot(await env(extra), ['--role', role]);
      bots.push(bot);
      return bot;
    },
    enqueued() {
      const out = new Map<string, number>();
      for (const bot of bots) {
        for (const line of bot.output().split('\n')) {
          if (!line.includes('"incident new"')) continue;
          try {
            const entry = JSON.parse(line) as { time?: number; workload?: string; msg?: string };
            if (entry.msg !== 'incident new') continue;
            const name = WORKLOAD_PATTERN.exec(entry.workload ?? '')?.[0];
            if (name !== undefined && typeof entry.time === 'number' && !out.has(name)) out.set(name, entry.time);
          } catch {
            // Not a pino line (a stray print): nothing to time.
          }
        }
      }
      return out;
    },
    async close() {
      clearInterval(scanner);
      await Promise.allSettled(bots.map((bot, i) => stopBot(bot, `bot ${i}`)));
      await Promise.allSettled([kube.close(), openai.close(), slack.close()]);
      try {
        await deletePrefix(redis, prefix);
      } finally {
        await redis.quit().catch(() => redis.disconnect());
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
