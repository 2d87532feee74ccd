/**
 * Watcher scale benchmark (issue 15): a loopback API server holds a realistic cluster
 * (bench/realisticCluster.ts: pods with managedFields, ~3 events each, 1% failing) and the real
 * watcher role (`k8s-diagnose start --role watcher`, bundled by esbuild as production runs
 * compiled JS) watches it with real Redis and BullMQ. Measured:
 *
 * - readyMs: from the process start to its "watching" log line (listed, first analysis done);
 * - idleRssMB: the watcher's RSS 20 s after that;
 * - stormRssMB: its peak RSS while 1,000 healthy pods a second change for 30 s;
 * - maxHealthzMs: the slowest `/healthz` answer from start to end (polled every 100 ms);
 * - incidents: `new` incident jobs, which must equal expectedIncidents (one per failing Deployment).
 *
 *   npm run bench:watch-scale [-- --pods 5000] [-- --storm-seconds 30] [-- --heap-mb 512]
 *   → last line {"pods","readyMs","idleRssMB","stormRssMB","maxHealthzMs","incidents","expectedIncidents"}
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { build } from 'esbuild';
import { QUEUES } from '../src/queue/types.js';
import { startFakeKube } from '../test/fakes/kube.js';
import { connectRedis, deletePrefix, testPrefix } from '../test/helpers/redis.js';
import { realisticCluster, touchedPod } from './realisticCluster.js';

const { values } = parseArgs({
  options: { pods: { type: 'string', default: '50000' }, 'storm-seconds': { type: 'string', default: '30' }, 'heap-mb': { type: 'string' } },
});
const PODS = Math.max(10, Math.round(Number(values.pods) / 10) * 10);
const STORM_SECONDS = Number(values['storm-seconds']);
const UPDATES_PER_SECOND = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The watcher's resident set, from /proc (Linux), in MB. */
const rssOf = (pid: number): number => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(match?.[1] ?? 0) / 1024);
};
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const started = performance.now();
const cluster = realisticCluster(PODS);
const kube = await startFakeKube(cluster.objects);
cluster.objects.length = 0;
console.error(`fake API server ready with ${PODS} pods in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Bundled into dist/ so that the CLI finds ../package.json as it does when installed.
const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '..', 'dist', 'bench-watch-scale-cli.mjs');
await build({ entryPoints: [join(here, '..', 'src', 'cli.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'error' });

const dir = mkdtempSync(join(tmpdir(), 'kdb-watch-scale-'));
const kubeconfig = join(dir, 'kubeconfig');
kube.writeKubeconfig(kubeconfig);
const prefix = testPrefix('watch-scale');
const port = await freePort();
const redis = connectRedis();
const profile = process.env.WATCH_SCALE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.WATCH_SCALE_PROF}`] : [];
// `--heap-mb`: the V8 old-space cap a container's limit would imply (NODE_OPTIONS in the manifest).
const heap = values['heap-mb'] === undefined ? [] : [`--max-old-space-size=${values['heap-mb']}`];
const child = spawn(process.execPath, [...profile, ...heap, bundle, 'start', '--role', 'watcher'], {
  env: { ...process.env, KUBECONFIG: kubeconfig, REDIS_PREFIX: prefix, PORT: String(port), CLUSTER_NAME: 'bench', LOG_LEVEL: 'info' },
  // pino logs JSON to stderr: read it for the "watching" line.
  stdio: ['ignore', 'inherit', 'pipe'],
});
const spawnedAt = performance.now();
let readyMs: number | undefined;
child.stderr.setEncoding('utf8');
let pending = '';
child.stderr.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) if (readyMs === undefined && line.includes('"msg":"watching"')) readyMs = Math.round(performance.now() - spawnedAt);
});
const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

let maxHealthzMs = 0;
/** Where the worst answer fell, to tell a slow start from a slow storm. */
let phase = 'start';
const worstIn: Record<string, number> = {};
const sawHealthz = (ms: number) => {
  maxHealthzMs = Math.max(maxHealthzMs, ms);
  worstIn[phase] = Math.max(worstIn[phase] ?? 0, ms);
};
let polling = true;
const poller = (async () => {
  while (polling) {
    const t0 = performance.now();
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
      sawHealthz(Math.round(performance.now() - t0));
    } catch {
      // Not listening yet (connection refused answers at once); a timeout counts in full.
      if (performance.now() - t0 > 1000) sawHealthz(Math.round(performance.now() - t0));
    }
    await sleep(100);
  }
})();

try {
  while (readyMs === undefined) {
    if (child.exitCode !== null) throw new Error(`watcher exited with ${child.exitCode}`);
    await sleep(50);
  }
  console.error(`watching after ${readyMs} ms`);
  phase = 'idle';
  const pid = child.pid ?? 0;
  await sleep(20_000);
  const idleRssMB = rssOf(pid);
  const scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const heapMB = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(scrape)?.[1] ?? 0) / 1024 / 1024);
  console.error(`idle: RSS ${idleRssMB} MB, heap used ${heapMB('nodejs_heap_size_used_bytes')} MB of ${heapMB('nodejs_heap_size_total_bytes')} MB, external ${heapMB('nodejs_external_memory_bytes')} MB`);

  let stormRssMB = idleRssMB;
  phase = 'storm';
  const stormEnd = performance.now() + STORM_SECONDS * 1000;
  let tick = 0;
  while (performance.now() < stormEnd) {
    const slot = performance.now();
    for (let i = 0; i < UPDATES_PER_SECOND / 10; i += 1) {
      const [ns, , name] = cluster.healthyPods[(tick * (UPDATES_PER_SECOND / 10) + i) % cluster.healthyPods.length] ?? [];
      const stored = ns === undefined || name === undefined ? undefined : kube.get('Pod', ns, name);
      if (stored !== undefined) kube.upsert(touchedPod(stored, tick));
    }
    tick += 1;
    stormRssMB = Math.max(stormRssMB, rssOf(pid));
    await sleep(Math.max(0, 100 - (performance.now() - slot)));
  }
  await sleep(2000);
  stormRssMB = Math.max(stormRssMB, rssOf(pid));

  const queue = new Queue(QUEUES.incidents, { connection: redis, prefix });
  const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  const incidents = jobs.filter((job) => (job.data as { type?: string }).type === 'new').length;
  await queue.close();
  console.error(`storm: ${tick * (UPDATES_PER_SECOND / 10)} pod updates in ${STORM_SECONDS} s; ${jobs.length} incident jobs`);
  console.error(`worst /healthz (ms) by phase: ${JSON.stringify(worstIn)}`);
  console.log(JSON.stringify({ pods: PODS, readyMs, idleRssMB, stormRssMB, maxHealthzMs, incidents, expectedIncidents: cluster.expectedIncidents }));
  process.exitCode = incidents === cluster.expectedIncidents ? 0 : 1;
} finally {
  polling = false;
  await poller;
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  await deletePrefix(redis, prefix);
  redis.disconnect();
  await kube.close();
  rmSync(dir, { recursive: true, force: true });
}
