import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { ClusterSnapshot } from '../analyze/types.js';
import { KUBE_RESOURCES, type KubeResource } from '../kube/kubeResources.js';
import { isKindUnavailable } from '../kube/readClusterSnapshot.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { createEventInformer, type EventInformerOptions } from './createEventInformer.js';
import { createLeanInformer, type CachedInformer } from './createLeanInformer.js';

/** A change the informers saw after their initial list (watch events and relist differences). */
export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type ChangeListener = (resource: KubeResource, type: ChangeType, object: KubernetesObject) => void;

/** Options of `createInformerSet`. */
export interface CreateInformerSetOptions {
  kubeConfig: KubeConfig;
  /** Applied to the pod informer only (`WATCH_LABEL_SELECTOR`). */
  podLabelSelector?: string;
  /** Kinds to watch; default every kind of a ClusterSnapshot. */
  resources?: readonly KubeResource[];
  onChange: ChangeListener;
  logger: Logger;
  metrics: Metrics;
  /** Delay before restarting an informer after an error, doubling up to `maxBackoffMs`. Default 1 s. */
  initialBackoffMs?: number;
  /** Default 30 s. */
  maxBackoffMs?: number;
  /** Items per list request (the first sync of a big cluster is many small responses); default `listPages`'. */
  pageSize?: number;
  /** How many events are kept per object, and for how long (see `createEventStore`). */
  events?: Pick<EventInformerOptions, 'perObject' | 'maxAgeMs' | 'now'>;
}

/** Informers for every kind the analyzer reads, with their caches. */
export interface InformerSet {
  /** Lists and starts watching every kind; resolves when every initial list has arrived. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Cached objects of one kind (one namespace, or all). Raw API objects: timestamps may be strings. */
  list<K extends keyof ClusterSnapshot>(key: K, namespace?: string): ClusterSnapshot[K];
  /**
   * True once every kind has been listed (or is forbidden to us, and stays empty): before that,
   * the absence of a failure proves nothing.
   */
  ready(): boolean;
  /** Informer restarts after errors so far (dropped connections, API errors). */
  restarts(): number;
}

/**
 * One client-node informer per kind (list, then watch from the list's resourceVersion; a 410
 * clears it and relists), caching lean objects (`leanObjects.ts`), events capped per object. client-node does not restart an informer after an error (a dropped
 * connection, the API server down): we do, with exponential backoff, resuming from the last
 * resourceVersion so nothing is lost or replayed.
 */
export function createInformerSet(options: CreateInformerSetOptions): InformerSet {
  const { kubeConfig, logger, metrics, onChange } = options;
  const initialBackoffMs = options.initialBackoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const resources = options.resources ?? KUBE_RESOURCES;
  const informers = new Map<keyof ClusterSnapshot, CachedInformer>();
  const runners: (() => Promise<void>)[] = [];
  const listed = new Set<keyof ClusterSnapshot>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let synced = false;
  let restartCount = 0;

  for (const resource of resources) {
    const selector = resource.key === 'pods' ? options.podLabelSelector : undefined;
    const paging = options.pageSize === undefined ? {} : { pageSize: options.pageSize };
    const informer =
      resource.kind === 'Event'
        ? createEventInformer(kubeConfig, resource, { ...paging, ...options.events })
        : createLeanInformer(kubeConfig, resource, { ...paging, ...(selector === undefined ? {} : { labelSelector: selector }) });
    const log = logger.child({ kind: resource.kind });
    let attempts = 0;
    let failedSinceStart = false;

    const forward = (type: ChangeType) => (object: KubernetesObject) => {
      if (!synced) return;
      metrics.eventsSeen.inc({ kind: resource.kind, type });
      onChange(resource, type, object);
    };
    informer.on('add', forward('ADDED'));
    informer.on('update', forward('MODIFIED'));
    informer.on('delete', forward('DELETED'));

    const run = async (): Promise<void> => {
      failedSinceStart = false;
      await informer.start();
      if (!failedSinceStart) {
        attempts = 0;
        listed.add(resource.key);
      }
    };
    informer.on('error', (error: unknown) => {
      failedSinceStart = true;
      if (stopped) return;
      // RBAC without this kind, or an API server without it: analyse without it (like readClusterSnapshot) rather than never.
      if (isKindUnavailable(error)) listed.add(resource.key);
      const delay = Math.min(maxBackoffMs, initialBackoffMs * 2 ** attempts);
      attempts += 1;
      restartCount += 1;
      metrics.errors.inc({ component: 'watch', code: errorCode(error) });
      log.warn({ err: error, retryInMs: delay }, 'informer failed; restarting');
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) void run();
      }, delay);
      timers.add(timer);
    });
    informers.set(resource.key, informer);
    runners.push(run);
  }

  return {
    async start() {
      stopped = false;
      await Promise.all(runners.map((run) => run()));
      synced = true;
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...informers.values()].map((informer) => informer.stop()));
    },
    list(key, namespace) {
      return (informers.get(key)?.list(namespace) ?? []) as ClusterSnapshot[typeof key];
    },
    ready: () => listed.size === informers.size,
    restarts: () => restartCount,
  };
}

/** A low-cardinality label for an informer error: the HTTP status, a Node error code, or the class. */
function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { statusCode, code, name } = error as { statusCode?: unknown; code?: unknown; name?: unknown };
  if (typeof statusCode === 'number') return String(statusCode);
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return typeof name === 'string' ? name : 'unknown';
}
