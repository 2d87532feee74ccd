import type { CoreV1Event } from '@kubernetes/client-node';
import { compareText } from './compareText.js';
import { eventLastSeen } from './eventLastSeen.js';

/** Events by the object they are about; built once per analysis so rules never scan all events. */
export interface EventIndex {
  /**
   * Events about one object, newest first. When both the object and an event carry a uid they
   * must match: a StatefulSet pod recreated under the same name does not inherit old events.
   */
  about(kind: string, namespace: string, name: string, uid?: string): CoreV1Event[];
  /** Every event about objects of `kind`, newest first. */
  ofKind(kind: string): CoreV1Event[];
}

interface Timed {
  event: CoreV1Event;
  time: number;
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

/** Newest first; ties broken by reason, message and name so any input order gives one result. */
function compareTimed(a: Timed, b: Timed): number {
  return (
    b.time - a.time ||
    compareText(a.event.reason, b.event.reason) ||
    compareText(a.event.message, b.event.message) ||
    compareText(a.event.metadata.name, b.event.metadata.name)
  );
}

function sorted(list: Timed[]): CoreV1Event[] {
  return list.sort(compareTimed).map((t) => t.event);
}

function uidMatches(uid: string): (e: CoreV1Event) => boolean {
  return (e) => e.involvedObject.uid === undefined || e.involvedObject.uid === '' || e.involvedObject.uid === uid;
}

export function indexEvents(events: readonly CoreV1Event[]): EventIndex {
  const grouped = new Map<string, Timed[]>();
  const kinds = new Map<string, Timed[]>();
  for (const event of events) {
    const ref = event.involvedObject;
    const kind = ref.kind ?? '';
    // Cluster-scoped objects (nodes) have no namespace; their events live in `default`.
    const namespace = kind === 'Node' ? '' : (ref.namespace ?? event.metadata.namespace ?? '');
    const timed = { event, time: eventLastSeen(event) };
    const k = key(kind, namespace, ref.name ?? '');
    const list = grouped.get(k);
    if (list === undefined) grouped.set(k, [timed]);
    else list.push(timed);
    const ofKind = kinds.get(kind);
    if (ofKind === undefined) kinds.set(kind, [timed]);
    else ofKind.push(timed);
  }
  const byObject = new Map<string, CoreV1Event[]>();
  for (const [k, list] of grouped) byObject.set(k, sorted(list));
  // Sorted on first use: most kinds (Pod) are never listed whole.
  const byKind = new Map<string, CoreV1Event[]>();
  return {
    about(kind, namespace, name, uid) {
      const list = byObject.get(key(kind, kind === 'Node' ? '' : namespace, name)) ?? [];
      if (uid === undefined || uid === '') return list;
      const matches = uidMatches(uid);
      return list.every(matches) ? list : list.filter(matches);
    },
    ofKind(kind) {
      let list = byKind.get(kind);
      if (list === undefined) {
        list = sorted([...(kinds.get(kind) ?? [])]);
        byKind.set(kind, list);
      }
      return list;
    },
  };
}
