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
 * A second case sends 100,000 distinct events about one crash-looping pod (issue 13): exactly one
 * incident, and the watcher's peak RSS stays under 250 MB because events are capped per object.
 *
 *   npm run bench:storm   → last line {"events","incidents","expectedIncidents","eventsPerSecond","rssMB",
 *                                      "onePodEvents","onePodIncidents","onePodRssMB"}
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

/**
 * The second case (issue 13): 100,000 distinct events about one crash-looping pod, as the API
 * server serves them (a managedFields entry each), spread over the last 50 minutes.
 */
const ONE_POD_EVENTS = 100_000;
function onePodStorm(): { initial: KubeObject[]; burst: KubeObject[] } {
  const ns = 'storm';
  const name = 'web-7d4b9c8f5d-x2k4p';
  const base = Date.now() - 50 * 60_000;
  const sayings = [
    ['Warning', 'BackOff', `Back-off restarting failed container ubuntu in pod ${name}_${ns}(uid-${name})`],
    ['Normal', 'Pulled', 'Container image "ubuntu:20.04" already present on machine'],
    ['Normal', 'Created', 'Created container ubuntu'],
    ['Normal', 'Started', 'Started container ubuntu'],
  ] as const;
  const burst = Array.from({ length: ONE_POD_EVENTS }, (_, i): KubeObject => {
    const [type, reason, message] = sayings[i % sayings.length] ?? sayings[0];
    const at = new Date(base + Math.floor((i * 3000) / ONE_POD_EVENTS) * 1000).toISOString();
    return {
      kind: 'Event',
      metadata: {
        namespace: ns,
        name: `${name}.${(0x17a1b2c3d4e5f6a7n + BigInt(i)).toString(16)}`,
        managedFields: [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time: at, fieldsType: 'FieldsV1', fieldsV1: { 'f:count': {}, 'f:firstTimestamp': {}, 'f:involvedObject': {}, 'f:lastTimestamp': {}, 'f:message': {}, 'f:reason': {}, 'f:reportingComponent': {}, 'f:source': { 'f:component': {}, 'f:host': {} }, 'f:type': {} } }],
      },
      involvedObject: { kind: 'Pod', namespace: ns, name, uid: `uid-${name}`, apiVersion: 'v1', resourceVersion: '4711', fieldPath: 'spec.containers{ubuntu}' },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      source: { component: 'kubelet', host: 'worker-1' },
      reportingComponent: 'kubelet',
      reportingInstance: 'worker-1',
    };
  });
  return {
    initial: [
      { kind: 'Namespace', metadata: { name: ns } },
      { kind: 'Node', metadata: { name: 'worker-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      ...replicaSet(ns, 'web'),
      pod(ns, 'web', name, { crashing: true, restarts: 9 }),
    ],
    burst,
  };
}

interface CaseResult {
  events: number;
  incidents: number;
  otherJobs: number;
  rssMB: number;
  seconds: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '..', 'node_modules', '.cache', 'kdb-bench', 'stormWatcher.mjs');
mkdirSync(dirname(bundle), { recursive: true });
await build({ entryPoints: [join(here, 'stormWatcher.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'error' });

/** One watcher process against a fake API server holding `initialObjects`, fed `burst` at once. */
async function runCase(initialObjects: KubeObject[], makeBurst: () => KubeObject[]): Promise<CaseResult> {
  const kube = await startFakeKube(initialObjects);
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
  // watcher receives every event as fast as the connection carries them, and the clock measures
  // the watcher, not how fast this test server can make objects.
  kube.pauseWatches();
  const burst = makeBurst();
  for (const change of burst) kube.upsert(change);
  const result = next<Omit<CaseResult, 'seconds'>>('result');
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
  return { ...r, seconds };
}

const r = await runCase(initial, changes);
console.error(`ingest ${r.seconds.toFixed(2)} s; other incident jobs (update/resolved): ${r.otherJobs}`);
const storm = onePodStorm();
const onePod = await runCase(storm.initial, () => storm.burst);
console.error(`one pod: ${onePod.events} events in ${onePod.seconds.toFixed(2)} s, ${onePod.incidents} incident(s), peak RSS ${onePod.rssMB} MB`);
console.log(
  JSON.stringify({
    events: r.events,
    incidents: r.incidents,
    expectedIncidents: FAILING_DEPLOYMENTS,
    eventsPerSecond: Math.round(r.events / r.seconds),
    rssMB: r.rssMB,
    onePodEvents: onePod.events,
    onePodIncidents: onePod.incidents,
    onePodRssMB: onePod.rssMB,
  }),
);
process.exit(r.incidents === FAILING_DEPLOYMENTS && onePod.incidents === 1 ? 0 : 1);
