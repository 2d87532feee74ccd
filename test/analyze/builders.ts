/** Small builders for Kubernetes objects in analyzer tests; messages are the kubelet's own. */
type Json = Record<string, unknown>;

export const NOW = new Date('2024-05-01T12:00:00Z');
export const RECENT = '2024-05-01T11:58:00Z';

export interface PodSpec {
  name: string;
  namespace?: string;
  uid?: string;
  owner?: { kind: string; name: string; uid?: string };
  labels?: Record<string, string>;
  node?: string | null;
  phase?: string;
  containers?: Json[];
  initContainers?: Json[];
  volumes?: Json[];
  reason?: string;
  message?: string;
}

export function pod(p: PodSpec): Json {
  const namespace = p.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace,
      uid: p.uid ?? `uid-${p.name}`,
      labels: p.labels ?? {},
      ...(p.owner !== undefined ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, uid: p.owner.uid ?? `uid-${p.owner.name}`, controller: true }] } : {}),
    },
    spec: {
      containers: (p.containers ?? []).map((c) => ({ name: c['name'], image: c['image'] ?? 'app:1', ...(c['resources'] !== undefined ? { resources: c['resources'] } : {}) })),
      ...(p.initContainers !== undefined ? { initContainers: p.initContainers.map((c) => ({ name: c['name'], image: 'busybox' })) } : {}),
      ...(p.node === null ? {} : { nodeName: p.node ?? 'worker-1' }),
      ...(p.volumes !== undefined ? { volumes: p.volumes } : {}),
    },
    status: {
      phase: p.phase ?? 'Running',
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
      ...(p.message !== undefined ? { message: p.message } : {}),
      containerStatuses: (p.containers ?? []).map(status),
      ...(p.initContainers !== undefined ? { initContainerStatuses: p.initContainers.map(status) } : {}),
    },
  };
}

function status(c: Json): Json {
  return { name: c['name'], image: c['image'] ?? 'app:1', imageID: '', ready: c['ready'] ?? false, restartCount: c['restarts'] ?? 0, state: c['state'], ...(c['last'] !== undefined ? { lastState: c['last'] } : {}) };
}

export const crashLoop = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } };
export const running = { running: { startedAt: '2024-05-01T10:00:00Z' } };
export function terminated(reason: string, exitCode: number, finishedAt = RECENT): Json {
  return { terminated: { reason, exitCode, startedAt: '2024-05-01T10:00:00Z', finishedAt } };
}

export function event(kind: string, name: string, type: string, reason: string, message: string, extra: { count?: number; namespace?: string; uid?: string; fieldPath?: string; last?: string } = {}): Json {
  const namespace = extra.namespace ?? (kind === 'Node' ? '' : 'default');
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.${reason}.${message.length}`, namespace: namespace === '' ? 'default' : namespace },
    involvedObject: { kind, name, ...(namespace !== '' ? { namespace } : {}), uid: extra.uid ?? `uid-${name}`, ...(extra.fieldPath !== undefined ? { fieldPath: extra.fieldPath } : {}) },
    type,
    reason,
    message,
    count: extra.count ?? 1,
    firstTimestamp: '2024-05-01T10:00:00Z',
    lastTimestamp: extra.last ?? RECENT,
  };
}
