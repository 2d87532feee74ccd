/**
 * End-to-end benchmark (issue 6): the real bot processes (`node dist/cli.js start`) against the
 * loopback Kubernetes, OpenAI and Slack fakes and the real Redis.
 *
 * 1. "one process": `start` with every role; 100 distinct failing Deployments appear in the API
 *    (one every BENCH_E2E_SPACING_MS, default 10 ms); the LLM fake answers at once. Latency is from
 *    the failing pod's appearance in the API to its top-level `chat.postMessage` at the Slack fake;
 *    incidents per second is 100 / (first appearance → last post).
 * 2. "speedup": the LLM fake takes 1 s per answer; one `--role watcher` process and 1, then 4,
 *    `--role worker` processes (WORKER_CONCURRENCY=1 each) post 40 incidents that appear at once.
 *    speedup4Workers = time(1 worker) / time(4 workers), each from first appearance to last post.
 *
 * Each run has fresh fakes and a fresh REDIS_PREFIX, and stops every process (SIGTERM) and deletes
 * its keys at the end, also on failure or when the hard time limit strikes.
 *
 *   npm run bench:e2e   → last line {"incidents","p50Ms","p99Ms","incidentsPerSecond","speedup4Workers"}
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../test/e2e/spawnBot.js';
import { startE2eRun, type E2eRun } from './e2eHarness.js';
import { createFailingWorkload } from './e2eWorkloads.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INCIDENTS = 100;
const SPEEDUP_INCIDENTS = 40;
const SPACING_MS = Number(process.env.BENCH_E2E_SPACING_MS ?? '10');
/** The whole benchmark; the issue allows about five minutes. */
const HARD_LIMIT_MS = 285_000;

const started = Date.now();
const log = (line: string): void => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 0): number => Number(value.toFixed(digits));

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when a source file is newer than dist/cli.js; a failed build of a stale dist/ is said loudly. */
function ensureBuilt(): void {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestMtime(join(ROOT, 'src'))) {
    log('dist/ is up to date');
    return;
  }
  log('dist/ is missing or older than src/: npm run build');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 150_000 });
  if (build.status === 0) {
    log('built');
    return;
  }
  const why = `${build.stdout}${build.stderr}`.trim().split('\n').slice(0, 8).join('\n    ');
  if (!existsSync(cli)) throw new Error(`npm run build failed and there is no dist/cli.js:\n    ${why}`);
  log(`WARNING: npm run build failed; measuring the STALE dist/ (older than src/):\n    ${why}`);
}

let active: E2eRun | undefined;

/** Runs `body` on a fresh run and always closes it. */
async function withRun<T>(llmDelayMs: number, body: (run: E2eRun) => Promise<T>): Promise<T> {
  const run = await startE2eRun({ llmDelayMs });
  active = run;
  try {
    return await body(run);
  } finally {
    active = undefined;
    await run.close();
  }
}

/** Makes workloads 0..n-1 appear, `spacingMs` apart; returns name → appearance time. */
async function createWorkloads(run: E2eRun, n: number, spacingMs: number): Promise<Map<string, number>> {
  const appeared = new Map<string, number>();
  for (let i = 0; i < n; i += 1) {
    const { name, appearedMs } = createFailingWorkload(run.kube, i);
    appeared.set(name, appearedMs);
    if (spacingMs > 0) await sleep(spacingMs);
  }
  return appeared;
}

async function waitForPosts(run: E2eRun, n: number, timeoutMs: number, what: string): Promise<void> {
  await waitUntil(() => run.posted.size >= n, timeoutMs, `${n} ${what} posts (have ${run.posted.size})`).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; posted ${run.posted.size}/${n}`);
  });
}

function checkNoDuplicates(run: E2eRun): void {
  if (run.duplicates.length > 0) throw new Error(`incidents posted twice: ${run.duplicates.join(', ')}`);
}

async function oneProcess(): Promise<{ p50Ms: number; p99Ms: number; incidentsPerSecond: number }> {
  return withRun(0, async (run) => {
    log('one process: starting `node dist/cli.js start` (all roles)');
    await run.startBot('all');
    log(`one process: ${INCIDENTS} failing Deployments appear, one every ${SPACING_MS} ms`);
    const appeared = await createWorkloads(run, INCIDENTS, SPACING_MS);
    await waitForPosts(run, INCIDENTS, 90_000, 'incident');
    // A moment for a duplicate to show up, if the pipeline were to post one.
    await sleep(1500);
    checkNoDuplicates(run);

    const enqueued = run.enqueued();
    const latencies: number[] = [];
    const phases = { watcher: [] as number[], queueAndEvidence: [] as number[], llmAndSlack: [] as number[] };
    for (const [name, at] of appeared) {
      const postedMs = run.posted.get(name);
      if (postedMs === undefined) throw new Error(`${name} was not posted`);
      latencies.push(postedMs - at);
      const queuedMs = enqueued.get(name);
      const askedMs = run.llmAsked.get(name);
      if (queuedMs !== undefined && askedMs !== undefined) {
        phases.watcher.push(queuedMs - at);
        phases.queueAndEvidence.push(askedMs - queuedMs);
        phases.llmAndSlack.push(postedMs - askedMs);
      }
    }
    latencies.sort((a, b) => a - b);
    const first = Math.min(...appeared.values());
    const last = Math.max(...run.posted.values());
    const figures = {
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      incidentsPerSecond: round(INCIDENTS / ((last - first) / 1000), 2),
    };
    log(`one process: min ${latencies[0] ?? NaN} ms, p50 ${figures.p50Ms} ms, p90 ${percentile(latencies, 90)} ms, p99 ${figures.p99Ms} ms, max ${latencies.at(-1) ?? NaN} ms; ${figures.incidentsPerSecond} incidents/s`);
    log(
      `one process: median parts (${phases.watcher.length} incidents timed): appearance → enqueued (watcher debounce + analysis + dedup) ${median(phases.watcher)} ms, ` +
        `enqueued → LLM request (queue wait + snapshot + logs + prompt) ${median(phases.queueAndEvidence)} ms, LLM request → chat.postMessage (answer + render + post) ${median(phases.llmAndSlack)} ms`,
    );
    log(`one process: p99 of the parts: watcher ${percentile([...phases.watcher].sort((a, b) => a - b), 99)} ms, queue+evidence ${percentile([...phases.queueAndEvidence].sort((a, b) => a - b), 99)} ms, LLM+Slack ${percentile([...phases.llmAndSlack].sort((a, b) => a - b), 99)} ms`);
    log(`one process: ${run.openai.requests.length} LLM requests, ${run.slack.callsTo('chat.postMessage').length} chat.postMessage calls, no duplicates`);
    return figures;
  });
}

/** Seconds from the first appearance to the last post, with `workers` worker processes. */
async function withWorkers(workers: number): Promise<number> {
  return withRun(1000, async (run) => {
    log(`speedup: starting 1 watcher and ${workers} worker process(es), WORKER_CONCURRENCY=1, LLM 1 s per answer`);
    await run.startBot('watcher');
    await Promise.all(Array.from({ length: workers }, () => run.startBot('worker', { WORKER_CONCURRENCY: '1' })));
    const appeared = await createWorkloads(run, SPEEDUP_INCIDENTS, 0);
    const timeoutMs = 15_000 + (SPEEDUP_INCIDENTS * 2500) / workers;
    await waitForPosts(run, SPEEDUP_INCIDENTS, timeoutMs, `${workers}-worker`);
    checkNoDuplicates(run);
    const first = Math.min(...appeared.values());
    const posts = [...run.posted.values()];
    const seconds = (Math.max(...posts) - first) / 1000;
    const firstToLast = (Math.max(...posts) - Math.min(...posts)) / 1000;
    log(`speedup: ${workers} worker(s): ${SPEEDUP_INCIDENTS} incidents in ${seconds.toFixed(2)} s (first post → last post ${firstToLast.toFixed(2)} s), ${run.openai.requests.length} LLM requests`);
    return seconds;
  });
}

async function main(): Promise<void> {
  ensureBuilt();
  const one = await oneProcess();
  const oneWorker = await withWorkers(1);
  const fourWorkers = await withWorkers(4);
  const speedup4Workers = round(oneWorker / fourWorkers, 2);
  log(`speedup: ${speedup4Workers}x (target >= 3); one process p99 ${one.p99Ms} ms (target < 500 ms of pipeline overhead)`);
  console.log(JSON.stringify({ incidents: INCIDENTS, p50Ms: one.p50Ms, p99Ms: one.p99Ms, incidentsPerSecond: one.incidentsPerSecond, speedup4Workers }));
}

/** Stops the processes of the run in progress and leaves with `code`. */
async function abort(reason: string, code: number): Promise<never> {
  console.error(`bench:e2e: ${reason}`);
  await active?.close().catch((error: unknown) => console.error(`bench:e2e: cleanup failed: ${String(error)}`));
  process.exit(code);
}

const watchdog = setTimeout(() => void abort(`hard time limit of ${HARD_LIMIT_MS / 1000} s reached`, 1), HARD_LIMIT_MS);
process.once('SIGINT', () => void abort('interrupted', 130));
process.once('SIGTERM', () => void abort('terminated', 143));

main().then(
  () => {
    clearTimeout(watchdog);
    process.exit(0);
  },
  (error: unknown) => void abort(error instanceof Error ? (error.stack ?? error.message) : String(error), 1),
);
