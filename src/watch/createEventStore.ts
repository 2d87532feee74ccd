import type { CoreV1Event } from '@kubernetes/client-node';
import { eventLastSeen } from '../analyze/eventLastSeen.js';
import { eventCount } from '../analyze/formatEvent.js';

/** What a change did to the store. */
export type EventChange = 'add' | 'update' | 'none';

/**
 * The watcher's events, capped per involved object: a storm of 100,000 events about one pod
 * keeps `perObject` of them (repeats go first, then the oldest), and the count of each one
 * dropped is added to the newest kept event that says the same thing (type, reason, container,
 * message), so the counts the analyzer shows stay true.
 */
export interface EventStore {
  /** Adds or replaces an event; `none` when it changed nothing (same version, or dropped as the oldest). */
  upsert(event: CoreV1Event): EventChange;
  /** True when the event was kept. */
  remove(event: CoreV1Event): boolean;
  /** Everything anew (a relist): the events added or changed, and those gone. */
  replace(events: readonly CoreV1Event[]): { changed: { change: 'add' | 'update'; event: CoreV1Event }[]; removed: CoreV1Event[] };
  list(namespace?: string): CoreV1Event[];
  get(name: string, namespace?: string): CoreV1Event | undefined;
  /** Forgets events last seen before `cutoffMs` (events without a time stay); returns how many. */
  expire(cutoffMs: number): number;
  size(): number;
}

/** The events of one involved object. */
interface Bucket {
  key: string;
  entries: Set<Entry>;
}

/** Per event no string of its own (a cluster holds ~3 events per pod): names and sayings are derived. */
interface Entry {
  event: CoreV1Event;
  /** `eventLastSeen`, parsed once. */
  seen: number;
  /** Counts of dropped events added to this one. */
  folded: number;
  bucket: Bucket;
}

const nameKey = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;
const objectKeyOf = (e: CoreV1Event) =>
  `${e.involvedObject.kind ?? ''}/${e.involvedObject.namespace ?? e.metadata.namespace ?? ''}/${e.involvedObject.name ?? ''}`;
/** Events that say the same thing about the same container: one line in `kubectl describe`. */
const sayingOf = (e: CoreV1Event) => JSON.stringify([e.type, e.reason, e.involvedObject.fieldPath, e.message]);
const withFolded = (event: CoreV1Event, folded: number): CoreV1Event => (folded > 0 ? { ...event, count: eventCount(event) + folded } : event);

/** An `EventStore` keeping at most `perObject` events per involved object (default 20). */
export function createEventStore(options: { perObject?: number } = {}): EventStore {
  const perObject = Math.max(1, options.perObject ?? 20);
  /** Namespace → name → entry: `list(namespace)` is what the watcher asks most. */
  const namespaces = new Map<string, Map<string, Entry>>();
  const buckets = new Map<string, Bucket>();
  let count = 0;

  function find(namespace: string | undefined, name: string | undefined): Entry | undefined {
    return namespaces.get(namespace ?? '')?.get(name ?? '');
  }

  function drop(entry: Entry): void {
    const meta = entry.event.metadata;
    namespaces.get(meta.namespace ?? '')?.delete(meta.name ?? '');
    if (namespaces.get(meta.namespace ?? '')?.size === 0) namespaces.delete(meta.namespace ?? '');
    entry.bucket.entries.delete(entry);
    if (entry.bucket.entries.size === 0) buckets.delete(entry.bucket.key);
    count -= 1;
  }

  /**
   * Drops one event of the bucket, folding its count into the newest kept one that says the same:
   * the oldest of those that repeat something, so that a storm of one message cannot push out
   * the one probe failure that explains it; the oldest of all when nothing repeats.
   */
  function evict(bucket: Bucket): Entry {
    // Sayings only when a bucket overflows: most objects never have more than a few events.
    const sayings = new Map<Entry, string>();
    for (const entry of bucket.entries) sayings.set(entry, sayingOf(entry.event));
    const repeats = new Map<string, number>();
    for (const saying of sayings.values()) repeats.set(saying, (repeats.get(saying) ?? 0) + 1);
    let victim: Entry | undefined;
    let victimRepeats = false;
    for (const [entry, saying] of sayings) {
      const repeated = (repeats.get(saying) ?? 0) > 1;
      if (victim === undefined || (repeated && !victimRepeats) || (repeated === victimRepeats && entry.seen < victim.seen)) {
        victim = entry;
        victimRepeats = repeated;
      }
    }
    const dropped = victim as Entry;
    drop(dropped);
    const droppedSaying = sayings.get(dropped);
    let heir: Entry | undefined;
    for (const entry of bucket.entries) {
      if (sayings.get(entry) === droppedSaying && (heir === undefined || entry.seen > heir.seen)) heir = entry;
    }
    if (heir !== undefined) {
      const added = eventCount(dropped.event);
      heir.folded += added;
      heir.event = { ...heir.event, count: eventCount(heir.event) + added };
    }
    return dropped;
  }

  function upsert(event: CoreV1Event): EventChange {
    const meta = event.metadata;
    const known = find(meta.namespace, meta.name);
    if (known !== undefined) {
      if (meta.resourceVersion !== undefined && known.event.metadata.resourceVersion === meta.resourceVersion) return 'none';
      known.event = withFolded(event, known.folded);
      known.seen = eventLastSeen(event);
      return 'update';
    }
    const objectKey = objectKeyOf(event);
    let bucket = buckets.get(objectKey);
    if (bucket === undefined) buckets.set(objectKey, (bucket = { key: objectKey, entries: new Set() }));
    const entry: Entry = { event, seen: eventLastSeen(event), folded: 0, bucket };
    bucket.entries.add(entry);
    let inNamespace = namespaces.get(meta.namespace ?? '');
    if (inNamespace === undefined) namespaces.set(meta.namespace ?? '', (inNamespace = new Map()));
    inNamespace.set(meta.name ?? '', entry);
    count += 1;
    if (bucket.entries.size > perObject && evict(bucket) === entry) return 'none';
    return 'add';
  }

  function list(namespace?: string): CoreV1Event[] {
    const out: CoreV1Event[] = [];
    const maps = namespace === undefined ? namespaces.values() : [namespaces.get(namespace) ?? new Map<string, Entry>()];
    for (const map of maps) for (const entry of map.values()) out.push(entry.event);
    return out;
  }

  return {
    upsert,
    remove(event) {
      const known = find(event.metadata.namespace, event.metadata.name);
      if (known !== undefined) drop(known);
      return known !== undefined;
    },
    replace(events) {
      const before = new Map<string, string | undefined>();
      for (const event of list()) before.set(nameKey(event.metadata.namespace, event.metadata.name), event.metadata.resourceVersion);
      const previous = list();
      namespaces.clear();
      buckets.clear();
      count = 0;
      for (const event of events) upsert(event);
      const changed: { change: 'add' | 'update'; event: CoreV1Event }[] = [];
      for (const event of list()) {
        const key = nameKey(event.metadata.namespace, event.metadata.name);
        if (!before.has(key)) changed.push({ change: 'add', event });
        else if (before.get(key) !== event.metadata.resourceVersion) changed.push({ change: 'update', event });
      }
      const removed = previous.filter((event) => find(event.metadata.namespace, event.metadata.name) === undefined);
      return { changed, removed };
    },
    list,
    get: (name, namespace) => find(namespace, name)?.event,
    expire(cutoffMs) {
      let expired = 0;
      for (const map of [...namespaces.values()]) {
        for (const entry of [...map.values()]) {
          if (entry.seen !== 0 && entry.seen < cutoffMs) {
            drop(entry);
            expired += 1;
          }
        }
      }
      return expired;
    },
    size: () => count,
  };
}
