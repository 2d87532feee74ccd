import type { CoreV1Event } from '@kubernetes/client-node';
import type { ObjectRef } from '../analyze/types.js';
import { formatAge, toMillis } from './formatAge.js';
import { eventLastSeen } from '../analyze/eventLastSeen.js';

/** Events about more objects than this are not worth a line each. */
const MAX_EVENT_LINES = 30;

interface Fold {
  type: string;
  reason: string;
  kind: string;
  objects: string[];
  message: string;
  count: number;
  first: number | undefined;
  last: number | undefined;
}

const refKey = (kind: string, namespace: string, name: string): string =>
  // Node events are namespaced `default` or ''; nodes are cluster-scoped.
  `${kind}/${kind === 'Node' ? '' : namespace}/${name}`;

/** True for events whose involved object is one of `refs`. */
export function eventsAbout(events: readonly CoreV1Event[], refs: readonly ObjectRef[]): CoreV1Event[] {
  const wanted = new Set(refs.map((ref) => refKey(ref.kind, ref.namespace, ref.name)));
  return events.filter((event) => {
    const object = event.involvedObject;
    const namespace = object.namespace ?? event.metadata.namespace ?? '';
    return wanted.has(refKey(object.kind ?? '', namespace, object.name ?? ''));
  });
}

/**
 * Events as kubectl describes them, one line per distinct (type, reason, message): repeats of
 * one event and the same event on sibling pods fold into one line with the summed count, e.g.
 * `Warning BackOff pod/web-1 (+2 more) (x209 over 50m, last 4m59s ago): Back-off restarting ...`.
 * Warnings first, then the most recent.
 */
export function formatEvents(events: readonly CoreV1Event[], now: number): string[] {
  const folds = new Map<string, Fold>();
  for (const event of events) {
    const name = event.involvedObject.name ?? '';
    const kind = event.involvedObject.kind ?? '';
    const message = (event.message ?? '').trim();
    // Sibling pods' messages differ only by their own name and uid.
    const uid = event.involvedObject.uid;
    let shape = name ? message.split(name).join('{name}') : message;
    if (uid) shape = shape.split(uid).join('{uid}');
    const type = event.type ?? 'Normal';
    const reason = event.reason ?? '';
    const key = `${type}|${reason}|${kind}|${shape}`;
    const count = event.count ?? event.series?.count ?? 1;
    const first = toMillis(event.firstTimestamp) ?? toMillis(event.eventTime) ?? toMillis(event.metadata.creationTimestamp);
    const last = eventLastSeen(event) || first;
    const fold = folds.get(key);
    if (!fold) {
      folds.set(key, { type, reason, kind, objects: [name], message, count, first, last });
      continue;
    }
    fold.count += count;
    if (!fold.objects.includes(name)) fold.objects.push(name);
    if (first !== undefined && (fold.first === undefined || first < fold.first)) fold.first = first;
    if (last !== undefined && (fold.last === undefined || last > fold.last)) {
      fold.last = last;
      fold.message = message;
    }
  }
  return [...folds.values()]
    .sort((a, b) => Number(b.type === 'Warning') - Number(a.type === 'Warning') || (b.last ?? 0) - (a.last ?? 0))
    .slice(0, MAX_EVENT_LINES)
    .map((fold) => {
      const objects = fold.objects.sort();
      const object = `${fold.kind.toLowerCase()}/${objects[0] ?? ''}${objects.length > 1 ? ` (+${objects.length - 1} more)` : ''}`;
      const when: string[] = [];
      if (fold.count > 1 && fold.first !== undefined && fold.last !== undefined) {
        when.push(`x${fold.count} over ${formatAge(fold.last - fold.first)}`);
      } else if (fold.count > 1) {
        when.push(`x${fold.count}`);
      }
      if (fold.last !== undefined) when.push(`last ${formatAge(now - fold.last)} ago`);
      return `${fold.type} ${fold.reason} ${object}${when.length > 0 ? ` (${when.join(', ')})` : ''}: ${fold.message}`;
    });
}
