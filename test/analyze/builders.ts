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

/** A Service selecting `app: <selector>` and its EndpointSlice with one endpoint per `ready` flag. */
export function service(name: string, selector: string, ready: boolean[] = [], namespace = 'default'): Json[] {
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: selector }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${name}-ab12c`, namespace, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: ready.map((r, i) => ({ addresses: [`10.0.0.${i + 1}`], conditions: { ready: r } })),
    },
  ];
}

export function node(name: string, ready = true, extra: Json = {}): Json {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}` },
    spec: extra,
    status: {
      conditions: [
        ready
          ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
          : { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      ],
    },
  };
}

/**
 * A healthy namespace: `count` Deployments with a ReplicaSet, two ready pods and a Service with
 * ready endpoints each, and their start-up events. The haystack a failure hides in.
 */
export function healthyWorkloads(count: number, namespace = 'default'): Json[] {
  const items: Json[] = [];
  for (let i = 0; i < count; i += 1) {
    const name = `app${i}`;
    const rs = `${name}-6d5c4b7f9`;
    items.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2 } });
    items.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rs, namespace, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-${name}`, controller: true }] }, spec: { replicas: 2 }, status: { replicas: 2 } });
    for (const suffix of ['x2k4p', 'q7w2e']) {
      const podName = `${rs}-${suffix}`;
      items.push(pod({ name: podName, namespace, labels: { app: name }, owner: { kind: 'ReplicaSet', name: rs }, node: `worker-${(i % 3) + 1}`, containers: [{ name: 'app', ready: true, state: running }] }));
      items.push(event('Pod', podName, 'Normal', 'Started', 'Started container app', { namespace, fieldPath: 'spec.containers{app}' }));
    }
    items.push(...service(name, name, [true, true], namespace));
  }
  return items;
}
