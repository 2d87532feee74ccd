import type { CoreV1Event, KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import picomatch from 'picomatch';
import { analyze as analyzeSnapshot } from '../analyze/analyze.js';
import { emptySnapshot } from '../analyze/emptySnapshot.js';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { IncidentPublisher, Sighting } from './createIncidentPublisher.js';
import { createInformerSet } from './createInformerSet.js';
import { incidentFingerprint } from './incidentFingerprint.js';
import { DEFAULT_THRESHOLDS, type DetectionThresholds } from '../analyze/detectionThresholds.js';
import { isPastGracePeriod } from '../analyze/isPastGracePeriod.js';
import { eventLastSeen } from '../analyze/eventLastSeen.js';

/** Options of `createWatcher`; every duration is a setting (see src/config.ts). */
export interface CreateWatcherOptions {
  kubeConfig: KubeConfig;
  /** `CLUSTER_NAME`: part of every fingerprint. */
  cluster: string;
  publisher: IncidentPublisher;
  logger: Logger;
  metrics: Metrics;
  /** Namespace globs (`WATCH_NAMESPACES`, `EXCLUDE_NAMESPACES`); default include `*`. */
  namespaces?: { include?: readonly string[]; exclude?: readonly string[] };
  /** `WATCH_LABEL_SELECTOR`, applied to pods. */
  podLabelSelector?: string;
  thresholds?: Partial<DetectionThresholds>;
  /** Healthy this long means resolved (`RESOLVE_AFTER_SECONDS`); default 5 min. */
  resolveAfterMs?: number;
  /** Changes are batched per namespace for this long before one analysis (`WATCH_DEBOUNCE_MS`); default 250 ms. */
  debounceMs?: number;
  /** Namespaces with open or not-yet-reportable failures are re-analysed this often; default 15 s. */
  recheckIntervalMs?: number;
  /** Report failures present at start, once (`REPORT_EXISTING_ON_START`); default true. */
  reportExistingOnStart?: boolean;
  /** Events older than this are not evidence of a current failure, and are forgotten; default 1 h. */
  eventMaxAgeMs?: number;
  /** Events kept per involved object (newest; dropped ones' counts fold into the kept); default 20. */
  eventsPerObject?: number;
  /** Items per list request during a (re)list; default `listPages`'. */
  listPageSize?: number;
  /** Informer restart backoff after errors; defaults 1 s doubling to 30 s. */
  informerBackoff?: { initialMs?: number; maxMs?: number };
  /** The clock, in ms. */
  now?: () => number;
  /** The analyzer; the real one by default. */
  analyze?: (snapshot: ClusterSnapshot, options: { now: Date }) => Finding[];
}

/** A running watcher of one cluster. */
export interface Watcher {
  /** Lists everything, reports what is failing now (per `reportExistingOnStart`), then watches. */
  start(): Promise<void>;
  /** Stops watching and waits for the analysis in hand. */
  stop(): Promise<void>;
  /** Analyses pending changes now and waits (tests; shutdown). */
  flush(): Promise<void>;
  /** The informers' view of one namespace ('' = cluster-scoped view), as the analyzer sees it. */
  snapshot(namespace: string): ClusterSnapshot;
  /** Informer restarts after errors so far. */
  restarts(): number;
}

interface Tracked {
  namespace: string;
  lastFailingMs: number;
}

const NAMESPACED = [
  'pods', 'events', 'persistentVolumeClaims', 'jobs', 'replicaSets', 'deployments', 'statefulSets', 'daemonSets',
  'controllerRevisions', 'cronJobs', 'services', 'endpointSlices', 'ingresses', 'horizontalPodAutoscalers', 'podDisruptionBudgets',
  'resourceQuotas', 'limitRanges',
] as const;
/** The cluster-scoped analysis: nodes and their events. */
const CLUSTER = '';


/**
 * Watches a cluster and turns its state into incidents: informers feed per-namespace batches,
 * each batch runs the analyzer once (a storm of events is one analysis per namespace per
 * `debounceMs`), findings past their grace period go to the publisher, and tracked incidents
 * that stay absent for `resolveAfterMs` are resolved.
 */
export function createWatcher(options: CreateWatcherOptions): Watcher {
  const { cluster, publisher, metrics } = options;
  const logger = options.logger.child({ component: 'watcher', cluster });
  const now = options.now ?? Date.now;
  const analyze = options.analyze ?? analyzeSnapshot;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const resolveAfterMs = options.resolveAfterMs ?? 300_000;
  const debounceMs = options.debounceMs ?? 250;
  const recheckIntervalMs = options.recheckIntervalMs ?? 15_000;
  const reportExisting = options.reportExistingOnStart ?? true;
  const eventMaxAgeMs = options.eventMaxAgeMs ?? 3_600_000;
  const included = picomatch([...(options.namespaces?.include ?? ['*'])]);
  const excludes = options.namespaces?.exclude ?? [];
  const excluded = excludes.length > 0 ? picomatch([...excludes]) : () => false;
  const allowed = (ns: string) => ns === CLUSTER || (included(ns) && !excluded(ns));

  /** Namespace → object name → changes since the last analysis. */
  let dirty = new Map<string, Map<string, number>>();
  const tracked = new Map<string, Tracked>();
  /** Failures present at start when they are not to be reported: fingerprint → namespace. */
  const baseline = new Map<string, string>();
  const deferred = new Set<string>();
  /** True during the first analysis after start: what it finds was there before us. */
  let initial = false;
  let analysedOnce = false;
  let startMs = 0;
  let debounce: NodeJS.Timeout | undefined;
  let recheck: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let running = false;

  function markDirty(ns: string, name?: string): void {
    let counts = dirty.get(ns);
    if (!counts) dirty.set(ns, (counts = new Map()));
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  function schedule(): void {
    if (debounce || !running) return;
    debounce = setTimeout(() => {
      debounce = undefined;
      void flush();
    }, debounceMs);
  }

  const informers = createInformerSet({
    kubeConfig: options.kubeConfig,
    ...(options.podLabelSelector === undefined ? {} : { podLabelSelector: options.podLabelSelector }),
    logger,
    metrics,
    ...(options.informerBackoff?.initialMs === undefined ? {} : { initialBackoffMs: options.informerBackoff.initialMs }),
    ...(options.informerBackoff?.maxMs === undefined ? {} : { maxBackoffMs: options.informerBackoff.maxMs }),
    ...(options.listPageSize === undefined ? {} : { pageSize: options.listPageSize }),
    events: { maxAgeMs: eventMaxAgeMs, now, ...(options.eventsPerObject === undefined ? {} : { perObject: options.eventsPerObject }) },
    onChange(resource, _type, object: KubernetesObject) {
      let ns = resource.namespaced ? (object.metadata?.namespace ?? '') : CLUSTER;
      let name = object.metadata?.name ?? '';
      if (resource.kind === 'Event') {
        const involved = (object as CoreV1Event).involvedObject;
        name = involved.name ?? '';
        if (involved.kind === 'Node') ns = CLUSTER;
      } else if (!resource.namespaced && resource.kind !== 'Node') {
        // A new PV, StorageClass, IngressClass or webhook configuration can fix (or cause) a
        // failure: recheck where failures are open.
        for (const t of tracked.values()) markDirty(t.namespace);
        schedule();
        return;
      }
      if (!allowed(ns)) return;
      markDirty(ns, name);
      schedule();
    },
  });

  function snapshot(ns: string): ClusterSnapshot {
    // Not reporting what was there at start also means never reading events from before it.
    const cutoff = Math.max(reportExisting ? 0 : startMs, now() - eventMaxAgeMs);
    const fresh = (events: CoreV1Event[]) => events.filter((e) => eventLastSeen(e) >= cutoff);
    const shared = {
      nodes: informers.list('nodes'),
      namespaces: informers.list('namespaces'),
      persistentVolumes: informers.list('persistentVolumes'),
      storageClasses: informers.list('storageClasses'),
      ingressClasses: informers.list('ingressClasses'),
      validatingWebhookConfigurations: informers.list('validatingWebhookConfigurations'),
      mutatingWebhookConfigurations: informers.list('mutatingWebhookConfigurations'),
    };
    if (ns === CLUSTER) {
      const nodesOnly = { ...emptySnapshot(), ...shared, events: fresh(informers.list('events').filter((e) => e.involvedObject.kind === 'Node')) };
      // A node's finding lists the pods on it, and only failing nodes have one: find those on
      // the nodes alone, then read their pods, so that a node change never analyses the cluster.
      const failing = new Set(analyze(nodesOnly, { now: new Date(now()) }).filter((f) => f.kind === 'Node').map((f) => f.name));
      if (failing.size === 0) return nodesOnly;
      const pods = informers.list('pods').filter((p) => failing.has(p.spec?.nodeName ?? '') && allowed(p.metadata?.namespace ?? ''));
      return { ...nodesOnly, pods };
    }
    const view = { ...emptySnapshot(), ...shared };
    for (const key of NAMESPACED) (view[key] as unknown[]) = informers.list(key, ns);
    // The informers know every live pod: events about a pod that is gone are history, not a
    // failure (the analyzer would otherwise read them alone, as it does for a dump of events).
    const pods = new Set(view.pods.map((p) => p.metadata?.name));
    view.events = fresh(view.events).filter((e) => e.involvedObject.kind !== 'Pod' || pods.has(e.involvedObject.name));
    return view;
  }

  function sightings(finding: Finding, counts: Map<string, number>): number {
    const names = new Set([finding.name, ...finding.pods, ...finding.related.map((r) => r.name)]);
    let total = 0;
    for (const name of names) total += counts.get(name) ?? 0;
    return total;
  }

  /** What one flush will tell Redis: every failure to report, every incident to resolve. */
  interface Plan {
    reports: { fingerprint: string; namespace: string; sighting: Sighting }[];
    resolutions: { fingerprint: string; lastFailingMs: number }[];
  }

  /** Analyses one namespace and adds what it found to the plan; touches nothing in Redis. */
  function planNamespace(ns: string, counts: Map<string, number>, nowMs: number, plan: Plan): void {
    const view = snapshot(ns);
    let findings: Finding[];
    try {
      findings = analyze(view, { now: new Date(nowMs) }).filter((f) => f.namespace === ns);
    } catch (error) {
      // An object the analyzer chokes on must not stop the watcher; the next change retries.
      metrics.errors.inc({ component: 'analyze', code: error instanceof Error ? error.name : 'unknown' });
      logger.error({ err: error, namespace: ns }, 'analysis failed');
      return;
    }
    const present = new Set<string>();
    let waiting = false;
    for (const finding of findings) {
      const fingerprint = incidentFingerprint(cluster, finding);
      present.add(fingerprint);
      if (baseline.has(fingerprint)) continue;
      const known = tracked.get(fingerprint);
      if (!known && !isPastGracePeriod(finding, view, nowMs, thresholds)) {
        waiting = true;
        continue;
      }
      // Only what is already a failure at start is old; a pod still in its grace period is news later.
      if (!known && initial && !reportExisting) {
        baseline.set(fingerprint, ns);
        continue;
      }
      const occurrences = known ? sightings(finding, counts) : Math.max(1, sightings(finding, counts));
      plan.reports.push({ fingerprint, namespace: ns, sighting: { finding, occurrences } });
    }
    if (waiting) deferred.add(ns);
    else deferred.delete(ns);
    for (const [fingerprint, where] of baseline) if (where === ns && !present.has(fingerprint)) baseline.delete(fingerprint);
    for (const [fingerprint, t] of tracked) {
      if (t.namespace !== ns || present.has(fingerprint) || nowMs - t.lastFailingMs < resolveAfterMs) continue;
      plan.resolutions.push({ fingerprint, lastFailingMs: t.lastFailingMs });
    }
  }

  /**
   * Analyses every namespace changed since the last flush, then tells Redis in one round trip
   * (however many namespaces and failures); resolutions, which are rare, follow one by one.
   */
  async function runFlush(): Promise<void> {
    if (!informers.ready()) return;
    initial = !analysedOnce;
    analysedOnce = true;
    const batch = dirty;
    dirty = new Map();
    const nowMs = now();
    const plan: Plan = { reports: [], resolutions: [] };
    for (const [ns, counts] of batch) {
      planNamespace(ns, counts, nowMs, plan);
      // The first flush of a big cluster analyses every namespace: let /healthz answer in between.
      await yieldToEventLoop();
    }
    initial = false;
    try {
      if (plan.reports.length > 0) await publisher.reportAll(plan.reports.map((r) => r.sighting), nowMs);
      for (const r of plan.reports) tracked.set(r.fingerprint, { namespace: r.namespace, lastFailingMs: nowMs });
      for (const r of plan.resolutions) {
        await publisher.resolve(r.fingerprint, nowMs, r.lastFailingMs);
        tracked.delete(r.fingerprint);
      }
    } catch (error) {
      // Redis or the queue is down: keep the batch and try again after the next debounce.
      for (const [ns, counts] of batch) {
        const pending = dirty.get(ns) ?? new Map<string, number>();
        for (const [name, n] of counts) pending.set(name, (pending.get(name) ?? 0) + n);
        dirty.set(ns, pending);
      }
      metrics.errors.inc({ component: 'watcher', code: error instanceof Error ? error.name : 'unknown' });
      logger.error({ err: error, namespaces: batch.size }, 'publishing failed; will retry');
      schedule();
    }
  }

  function flush(): Promise<void> {
    chain = chain.then(runFlush).catch((error: unknown) => {
      metrics.errors.inc({ component: 'watcher', code: 'FLUSH' });
      logger.error({ err: error }, 'flush failed');
    });
    return chain;
  }

  return {
    async start() {
      running = true;
      startMs = now();
      for (const open of await publisher.openIncidents()) {
        if (allowed(open.finding.namespace)) tracked.set(open.fingerprint, { namespace: open.finding.namespace, lastFailingMs: startMs });
      }
      await informers.start();
      markDirty(CLUSTER);
      for (const key of NAMESPACED) for (const o of informers.list(key)) if (allowed(o.metadata?.namespace ?? '')) markDirty(o.metadata?.namespace ?? '');
      for (const t of tracked.values()) markDirty(t.namespace);
      analysedOnce = false;
      await flush();
      recheck = setInterval(() => {
        for (const t of tracked.values()) markDirty(t.namespace);
        for (const ns of deferred) markDirty(ns);
        if (dirty.size > 0) void flush();
      }, recheckIntervalMs);
      logger.info({ tracked: tracked.size, baseline: baseline.size }, 'watching');
    },
    async stop() {
      running = false;
      if (debounce) clearTimeout(debounce);
      if (recheck) clearInterval(recheck);
      debounce = undefined;
      recheck = undefined;
      await informers.stop();
      await chain;
    },
    flush,
    snapshot,
    restarts: () => informers.restarts(),
  };
}
