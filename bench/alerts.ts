/**
 * Alertmanager benchmark (issue 12): a real Alertmanager (`prometheus-alertmanager`, no
 * clustering, loopback) sends a storm of 1,000 alerts over 50 healthy Deployments (20 pods each
 * crash-looping, as `KubePodCrashLooping`) to the real bot processes (`node dist/cli.js start
 * --role slack`, whose receiver answers, and `--role worker`, which diagnoses and posts) with
 * the loopback Kubernetes, OpenAI and Slack fakes and the real Redis. Alertmanager groups by
 * every label (`group_by: ['...']`), so it sends one webhook per alert: the most webhooks a storm
 * can make. The alerts reach Alertmanager as Prometheus sends them, in batches: one workload's 20
 * alerts every BENCH_ALERTS_SPACING_MS (default 100 ms), 1,000 alerts in 5 s.
 *
 * A timing proxy between Alertmanager and the bot (`timingProxy.ts`, a process of its own, so that
 * the fakes this process serves to the worker do not hold up its clock) measures each webhook from
 * the request's arrival to the end of the bot's answer: `p99AckMs` is the receiver's answer to
 * Alertmanager.
 * `incidents` counts top-level incident messages at the Slack fake, `llmCalls` the requests at
 * the LLM fake (the answer cache is off, so each incident asks once).
 *
 *   npm run bench:alerts → last line {"alerts","workloads","incidents","llmCalls","p99AckMs"}
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { killAndWait, trackChild } from '../test/helpers/childProcesses.js';
import type { TimingProxyMessage } from './timingProxy.js';
import { freePort, spawnBot, waitUntil, type BotProcess } from '../test/e2e/spawnBot.js';
import { startWorld, type World } from '../test/e2e/startWorld.js';
import { healthyWorkloads } from '../test/alerts/healthyWorkloads.js';
import { startAlertmanager, type PostableAlert, type RunningAlertmanager } from '../test/alerts/startAlertmanager.js';

const WORKLOADS = 50;
const PER_WORKLOAD = 20;
const TOKEN = 'bench-alertmanager-token';
const HEADER = /storm-\d{3}/;
const SPACING_MS = Number(process.env.BENCH_ALERTS_SPACING_MS ?? 100);

/** Starts `timingProxy.ts` in its own process in front of `port` and collects its timings. */
async function startTimingProxy(port: number): Promise<{ url: string; acks: number[]; close(): Promise<void> }> {
  const acks: number[] = [];
  const child = fork(fileURLToPath(new URL('./timingProxy.ts', import.meta.url)), [String(port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  trackChild(child);
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: TimingProxyMessage) => {
      if ('url' in message) resolve(message.url);
      else acks.push(message.ack);
    });
    child.once('exit', (code) => reject(new Error(`the timing proxy exited (${String(code)}) before listening`)));
  });
  return { url, acks, close: () => killAndWait(child) };
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function main(): Promise<void> {
  const storm = healthyWorkloads('storm', WORKLOADS, { prefix: 'storm', podsEach: PER_WORKLOAD });
  let world: World | undefined;
  let bot: BotProcess | undefined;
  let worker: BotProcess | undefined;
  let am: RunningAlertmanager | undefined;
  let proxy: Awaited<ReturnType<typeof startTimingProxy>> | undefined;
  try {
    world = await startWorld(storm.objects);
    const port = await freePort();
    const settings = { ALERTMANAGER_TOKEN: TOKEN, LLM_RATE_LIMIT_PER_MINUTE: '100000', LLM_CACHE_TTL_SECONDS: '0' };
    // The scaled deployment: the receiver (slack role) answers; a worker process diagnoses.
    bot = await spawnBot(world.env({ ...settings, PORT: String(port) }), ['--role', 'slack']);
    worker = await spawnBot(world.env({ ...settings, PORT: String(await freePort()) }), ['--role', 'worker']);
    proxy = await startTimingProxy(port);
    am = await startAlertmanager({ webhookUrl: `${proxy.url}/alertmanager`, token: TOKEN, groupBy: ['...'], groupWait: '1s', groupInterval: '5m', repeatInterval: '4h' });
    const batches: PostableAlert[][] = Array.from({ length: WORKLOADS }, (_, i) =>
      storm.pods(i).map((pod) => ({ labels: { alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'storm', pod, container: 'app' }, annotations: { summary: 'Pod is crash looping.' } })),
    );
    const alerts = batches.flat();
    const started = Date.now();
    // The figure depends on what else runs on the machine: the line above the JSON says how busy it was.
    const loadBefore = loadavg()[0] ?? 0;
    for (const batch of batches) {
      await am.post(batch);
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
    }
    const stormIncidents = () => world?.incidents().filter((m) => HEADER.test(JSON.stringify(m.blocks ?? []))) ?? [];
    await waitUntil(() => proxy !== undefined && proxy.acks.length >= alerts.length, 120_000, 'every webhook answered');
    await waitUntil(() => stormIncidents().length >= WORKLOADS, 120_000, `${WORKLOADS} incidents`);
    // Let late jobs finish: a duplicate would show up here.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const incidents = new Set(stormIncidents().map((m) => HEADER.exec(JSON.stringify(m.blocks ?? []))?.[0])).size;
    const posted = stormIncidents().length;
    const inBot = (bot.output().split('\n').filter((l) => l.includes('alerts queued')).map((l) => (JSON.parse(l) as { ms: number }).ms));
    console.log(`  in the bot: ${inBot.length} answers, p50 ${percentile(inBot, 50)} ms, p99 ${percentile(inBot, 99)} ms`);
    console.log(`  ${proxy.acks.length} webhooks, p50 ${percentile(proxy.acks, 50).toFixed(1)} ms, max ${Math.max(...proxy.acks).toFixed(1)} ms; ${posted} incident messages for ${incidents} workloads in ${Date.now() - started} ms; load average ${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)}`);
    console.log(JSON.stringify({ alerts: alerts.length, workloads: WORKLOADS, incidents: posted, llmCalls: world.openai.requests.length, p99AckMs: Number(percentile(proxy.acks, 99).toFixed(1)) }));
  } finally {
    await am?.stop();
    await bot?.stop();
    await worker?.stop();
    await proxy?.close();
    await world?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
