import { ListWatch, type CoreV1Event, type KubeConfig, type KubernetesObject, type ObjectCallback } from '@kubernetes/client-node';
import type { KubeResource } from '../kube/kubeResources.js';
import { listPages } from '../kube/listPages.js';
import { createEventStore } from './createEventStore.js';
import type { CachedInformer } from './createLeanInformer.js';
import { LeanWatch, OBJECT_PHASES } from './LeanWatch.js';
import { leanerFor } from './leanObjects.js';

/** Options of `createEventInformer`. */
export interface EventInformerOptions {
  pageSize?: number;
  /** Events kept per involved object; default 20. */
  perObject?: number;
  /** Events last seen longer ago than this are forgotten; default 1 h. */
  maxAgeMs?: number;
  now?: () => number;
}

type ObjectVerb = 'add' | 'update' | 'delete';

/**
 * The Event informer: client-node's `ListWatch` still lists, watches, resumes and relists on
 * 410, but the objects go to a capped `EventStore` instead of its cache. To the ListWatch every
 * watch event is a BOOKMARK (it only tracks the resourceVersion) and every list is empty; the
 * store's changes reach the `add`/`update`/`delete` listeners.
 */
export function createEventInformer(kc: KubeConfig, resource: KubeResource, options: EventInformerOptions = {}): CachedInformer {
  const lean = leanerFor(resource.kind);
  const store = createEventStore(options.perObject === undefined ? {} : { perObject: options.perObject });
  const maxAgeMs = options.maxAgeMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  const listeners: Record<ObjectVerb, ObjectCallback<KubernetesObject>[]> = { add: [], update: [], delete: [] };
  const emit = (verb: ObjectVerb, event: CoreV1Event) => {
    for (const listener of listeners[verb]) listener(event);
  };

  const listFn = async () => {
    const { items, resourceVersion } = await listPages(kc, resource, {
      map: (item) => lean(item) as CoreV1Event,
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    });
    const { changed, removed } = store.replace(items);
    for (const { change, event } of changed) emit(change, event);
    for (const event of removed) emit('delete', event);
    return { metadata: { resourceVersion }, items: [] };
  };
  const watch = new LeanWatch(kc, (phase, object) => {
    if (!OBJECT_PHASES.has(phase)) return { phase, object };
    const event = lean(object) as CoreV1Event;
    if (phase === 'DELETED') {
      if (store.remove(event)) emit('delete', event);
    } else {
      const change = store.upsert(event);
      if (change !== 'none') emit(change, store.get(event.metadata.name ?? '', event.metadata.namespace) ?? event);
    }
    return { phase: 'BOOKMARK', object: { metadata: { resourceVersion: event.metadata.resourceVersion ?? '' } } };
  });
  const informer = new ListWatch<KubernetesObject>(resource.path(), watch, listFn, false);
  let sweeper: NodeJS.Timeout | undefined;

  return {
    async start() {
      sweeper ??= setInterval(() => store.expire(now() - maxAgeMs), Math.min(60_000, maxAgeMs)).unref();
      await informer.start();
    },
    async stop() {
      clearInterval(sweeper);
      sweeper = undefined;
      await informer.stop();
    },
    on(verb: string, callback: (arg: never) => void) {
      if (verb === 'add' || verb === 'update' || verb === 'delete') listeners[verb].push(callback as ObjectCallback<KubernetesObject>);
      else informer.on(verb as 'error', callback as (error: unknown) => void);
    },
    off(verb: string, callback: (arg: never) => void) {
      if (verb === 'add' || verb === 'update' || verb === 'delete') {
        listeners[verb] = listeners[verb].filter((listener) => listener !== callback);
      } else informer.off(verb as 'error', callback as (error: unknown) => void);
    },
    list: (namespace) => store.list(namespace),
    get: (name, namespace) => store.get(name, namespace),
  } as CachedInformer;
}
