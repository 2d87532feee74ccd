/**
 * Storm benchmark (issue 4): through the fake API server, 10,000 failure events and state changes
 * from 200 crash-looping pods of 20 Deployments in a burst, plus 200 healthy pods churning, into a
 * real watcher with real Redis and BullMQ. Exactly 20 incidents must be enqueued.
 *
 * This process hosts the fake API server and produces the burst; the watcher runs in its own
 * plain-node process (bench/stormWatcher.ts bundled by esbuild, as production runs compiled JS),
 * so `rssMB` is the watcher's peak RSS alone and `eventsPerSecond` is its ingest rate from the
 * release of the burst until it has received every event (IPC latency included).
 *
 *   npm run bench:storm   → last line {"events","incidents","expectedIncidents","eventsPerSecond","rssMB"}
 */
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startFakeKube, type KubeObject } from '../test/fakes/kube.js';
import { backOffEvent, pod, replicaSet } from '../test/watch/podFixtures.js';

const NAMESPACES = ['shop', 'payments', 'search', 'batch'];
const FAILING_DEPLOYMENTS = 20;
const PODS_PER_FAILING = 10;
const FAILURE_CHANGES = 10_000;
const HEALTHY_PODS = 200;
const HEALTHY_CHANGES = 1000;

const nsOf = (i: number) => NAMESPACES[i % NAMESPACES.length] ?? 'default';
const failingPods = Array.from({ length: FAILING_DEPLOYMENTS }, (_, d) => `app-${d}`).flatMap((deployment, d) =>
  Array.from({ length: PODS_PER_FAILING }, (_, p) => ({ ns: nsOf(d), deployment, name: `${deployment}-7d4b9c8f5d-${p}` })),
);
const healthyPods = Array.from({ length: HEALTHY_PODS }, (_, i) => ({ ns: nsOf(i), deployment: `ok-${i % 10}-${nsOf(i)}`, name: `ok-${i}-7d4b9c8f5d` }));
const deployments = new Map([...failingPods, ...healthyPods].map((p) => [`${p.ns}/${p.deployment}`, p]));

const initial: KubeObject[] = [
  ...NAMESPACES.map((name) => ({ kind: 'Namespace', metadata: { name } })),
  { kind: 'Node', metadata: { name: 'worker-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  ...[...deployments.values()].flatMap((p) => replicaSet(p.ns, p.deployment)),
  ...[...failingPods, ...healthyPods].map((p) => pod(p.ns, p.deployment, p.name)),
];

/**
 * The burst, built before the clock starts: failing pods restart (pod status) and their BackOff
 * events repeat, round-robin; healthy pods churn (annotation changes) in between. One change is
 * one watch event.
 */
function changes(): KubeObject[] {
  const out: KubeObject[] = [];
  const healthyEvery = FAILURE_CHANGES / HEALTHY_CHANGES;
  for (let i = 0; i < FAILURE_CHANGES; i += 1) {
    const p = failingPods[Math.floor(i / 2) % failingPods.length];
    if (!p) continue;
    const round = Math.floor(i / (2 * failingPods.length)) + 1;
    out.push(i % 2 === 0 ? pod(p.ns, p.deployment, p.name, { crashing: true, restarts: round + 1 }) : backOffEvent(p.ns, p.name, round));
    const h = healthyPods[(i / healthyEvery) % HEALTHY_PODS];
    if (i % healthyEvery === 0 && h) {
      const healthy = pod(h.ns, h.deployment, h.name);
      out.push({ ...healthy, metadata: { ...healthy.metadata, annotations: { churn: String(i) } } });
    }
  }
  return out;
}

const kube = await startFakeKube(initial);
const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '..', 'node_modules', '.cache', 'kdb-bench', 'stormWatcher.mjs');
mkdirSync(dirname(bundle), { recursive: true });
await build({ entryPoints: [join(here, 'stormWatcher.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'error' });

const child = fork(bundle, [], { execArgv: process.env.STORM_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/stormprof'] : [], env: { ...process.env, KUBE_URL: kube.url } });
const next = <T>(key: string) =>
  new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`watcher process exited with ${code}`)));
    const listener = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', listener);
      resolve(message[key] as T);
    };
    child.on('message', listener);
  });

await next('ready');
// The burst is applied to the server with its watch streams held, then released at once: the
// watcher receives 11,000 events as fast as the connection carries them, and the clock measures
// the watcher, not how fast this test server can make objects.
kube.pauseWatches();
const burst = changes();
for (const change of burst) kube.upsert(change);
const result = next<{ events: number; incidents: number; otherJobs: number; rssMB: number }>('result');
const armed = next('armed');
child.send({ cmd: 'burst', total: burst.length });
await armed;
const ingested = next('ingested');
const started = performance.now();
kube.resumeWatches();
await ingested;
const seconds = (performance.now() - started) / 1000;
const r = await result;
await kube.close();

console.error(`ingest ${seconds.toFixed(2)} s; other incident jobs (update/resolved): ${r.otherJobs}`);
console.log(
  JSON.stringify({
    events: r.events,
    incidents: r.incidents,
    expectedIncidents: FAILING_DEPLOYMENTS,
    eventsPerSecond: Math.round(r.events / seconds),
    rssMB: r.rssMB,
  }),
);
process.exit(r.incidents === FAILING_DEPLOYMENTS ? 0 : 1);
