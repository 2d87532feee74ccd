import type { CoreV1Event } from '@kubernetes/client-node';
import { toTime } from './toTime.js';

/** Events by the object they are about; built once per analysis so rules never scan all events. */
export interface EventIndex {
  /**
   * Events about one object, newest first. When both the object and an event carry a uid they
   * must match: a StatefulSet pod recreated under the same name does not inherit old events.
   */
  about(kind: string, namespace: string, name: string, uid?: string): CoreV1Event[];
  /** Every event about objects of `kind`, in a stable order. */
  ofKind(kind: string): CoreV1Event[];
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function compareEvents(a: CoreV1Event, b: CoreV1Event): number {
  const time = (e: CoreV1Event): number => toTime(e.lastTimestamp) || toTime(e.eventTime) || toTime(e.firstTimestamp);
  return (
    time(b) - time(a) ||
    (a.reason ?? '').localeCompare(b.reason ?? '') ||
    (a.message ?? '').localeCompare(b.message ?? '') ||
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')
  );
}

export function indexEvents(events: readonly CoreV1Event[]): EventIndex {
  const byObject = new Map<string, CoreV1Event[]>();
  const byKind = new Map<string, CoreV1Event[]>();
  for (const event of events) {
    const ref = event.involvedObject;
    const kind = ref.kind ?? '';
    // Cluster-scoped objects (nodes) have no namespace; their events live in `default`.
    const namespace = kind === 'Node' ? '' : (ref.namespace ?? event.metadata.namespace ?? '');
    const k = key(kind, namespace, ref.name ?? '');
    const list = byObject.get(k);
    if (list === undefined) byObject.set(k, [event]);
    else list.push(event);
    const kindList = byKind.get(kind);
    if (kindList === undefined) byKind.set(kind, [event]);
    else kindList.push(event);
  }
  for (const list of byObject.values()) list.sort(compareEvents);
  for (const list of byKind.values()) list.sort(compareEvents);
  return {
    about(kind, namespace, name, uid) {
      const list = byObject.get(key(kind, kind === 'Node' ? '' : namespace, name)) ?? [];
      if (uid === undefined || uid === '') return list;
      return list.filter((e) => e.involvedObject.uid === undefined || e.involvedObject.uid === '' || e.involvedObject.uid === uid);
    },
    ofKind(kind) {
      return byKind.get(kind) ?? [];
    },
  };
}
