/**
 * Writes a dump the size of a real cluster's `kubectl get pods,events,... -A -o json`: pods as the
 * API server serves them (managedFields, annotations, probes, env, volumes, conditions), three
 * events per pod, their ReplicaSets and Deployments, 1% of the workloads crash-looping. Streamed
 * to disk item by item, so generating 1.3 GB holds one object at a time.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

type Json = Record<string, unknown>;

const PODS_PER_WORKLOAD = 10;
const at = (now: number, minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString();

function managedFields(time: string): Json[] {
  const fields = (prefix: string) =>
    Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`f:${prefix}${i}`, { '.': {}, 'f:name': {}, 'f:value': {}, 'f:valueFrom': { 'f:secretKeyRef': { 'f:key': {}, 'f:name': {} } } }]));
  return [
    { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {}, 'f:pod-template-hash': {} }, 'f:ownerReferences': { '.': {}, 'k:{"uid":"x"}': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:env': fields('ENV_'), 'f:image': {}, 'f:livenessProbe': { '.': {}, 'f:httpGet': { '.': {}, 'f:path': {}, 'f:port': {} } }, 'f:resources': { '.': {}, 'f:limits': {}, 'f:requests': {} } } } } } },
    { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', time, fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': { 'f:conditions': fields('cond'), 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:phase': {}, 'f:podIP': {}, 'f:podIPs': { '.': {}, 'k:{"ip":"10.0.0.1"}': { '.': {}, 'f:ip': {} } }, 'f:startTime': {} } } },
  ];
}

function pod(now: number, ns: string, workload: string, index: number, failing: boolean): Json {
  const name = `${workload}-6d8f7c9b5-${index.toString(36).padStart(5, 'x')}`;
  const image = `registry.example.com/${ns}/${workload}:2.${index % 7}.0`;
  const started = at(now, 300);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${workload}-6d8f7c9b5-`,
      namespace: ns,
      uid: `4d3c2b1a-${workload}-${index}`,
      resourceVersion: String(1_000_000 + index),
      creationTimestamp: started,
      labels: { app: workload, 'pod-template-hash': '6d8f7c9b5', 'app.kubernetes.io/part-of': ns, 'app.kubernetes.io/version': '2.0.0' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': started, 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'cni.projectcalico.org/podIP': '10.0.0.1/32' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${workload}-6d8f7c9b5`, uid: `rs-${workload}`, controller: true, blockOwnerDeletion: true }],
      managedFields: managedFields(started),
    },
    spec: {
      volumes: [{ name: 'config', configMap: { name: `${workload}-config`, defaultMode: 420 } }, { name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }], defaultMode: 420 } }],
      containers: [
        {
          name: 'app',
          image,
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
          env: Array.from({ length: 26 }, (_, i) => (i % 3 === 0 ? { name: `SECRET_${i}`, valueFrom: { secretKeyRef: { name: `${workload}-secrets`, key: `key-${i}` } } } : { name: `SETTING_${i}`, value: `value-${i}-${workload}` })),
          resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '100m', memory: '256Mi' } },
          volumeMounts: [{ name: 'config', mountPath: '/etc/app' }, { name: 'kube-api-access', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
          livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 10, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: `node-${index % 200}`,
      securityContext: { runAsNonRoot: true, fsGroup: 2000 },
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: failing && type.endsWith('Ready') ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: started, ...(failing && type.endsWith('Ready') ? { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' } : {}) })),
      hostIP: '10.1.0.10',
      podIP: '10.0.0.1',
      podIPs: [{ ip: '10.0.0.1' }],
      startTime: started,
      containerStatuses: [
        {
          name: 'app',
          state: failing ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=app pod=${name}` } } : { running: { startedAt: started } },
          lastState: failing ? { terminated: { exitCode: 1, reason: 'Error', startedAt: at(now, 6), finishedAt: at(now, 5), containerID: 'containerd://abc' } } : {},
          ready: !failing,
          restartCount: failing ? 42 : 0,
          image,
          imageID: `${image}@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
          containerID: 'containerd://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
          started: !failing,
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

function events(now: number, ns: string, podName: string, uid: string, failing: boolean): Json[] {
  const reasons = failing ? ['BackOff', 'Pulled', 'Started'] : ['Scheduled', 'Pulled', 'Started'];
  return reasons.map((reason, i) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${podName}.17d${i}f3a8b9c0d1e2`, namespace: ns, uid: `ev-${uid}-${i}`, resourceVersion: '1', creationTimestamp: at(now, 30) },
    involvedObject: { kind: 'Pod', namespace: ns, name: podName, uid, apiVersion: 'v1', resourceVersion: '1', fieldPath: 'spec.containers{app}' },
    reason,
    message: reason === 'BackOff' ? 'Back-off restarting failed container app in pod' : reason === 'Pulled' ? 'Container image already present on machine' : reason === 'Scheduled' ? `Successfully assigned ${ns}/${podName} to node-1` : 'Started container app',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: at(now, 300),
    lastTimestamp: at(now, failing ? 1 : 290),
    count: failing ? 1200 : 1,
    type: reason === 'BackOff' ? 'Warning' : 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
  }));
}

/** Writes one `List` file of `pods` pods (from `offset`), their events and controllers; returns the failing workloads. */
export async function writeRealisticDump(path: string, options: { pods: number; offset: number; now: number }): Promise<number> {
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[');
  let first = true;
  const item = async (value: Json): Promise<void> => {
    await write((first ? '' : ',') + JSON.stringify(value));
    first = false;
  };
  let failing = 0;
  for (let w = options.offset / PODS_PER_WORKLOAD; w < (options.offset + options.pods) / PODS_PER_WORKLOAD; w += 1) {
    const ns = `team-${w % 40}`;
    const workload = `svc-${w}`;
    const broken = w % 100 === 7;
    if (broken) failing += 1;
    await item({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: workload, namespace: ns, uid: `dep-${workload}` }, spec: { replicas: PODS_PER_WORKLOAD }, status: { replicas: PODS_PER_WORKLOAD, readyReplicas: broken ? 0 : PODS_PER_WORKLOAD } });
    await item({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${workload}-6d8f7c9b5`, namespace: ns, uid: `rs-${workload}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: workload, uid: `dep-${workload}`, controller: true }] }, spec: { replicas: PODS_PER_WORKLOAD }, status: { replicas: PODS_PER_WORKLOAD } });
    for (let p = 0; p < PODS_PER_WORKLOAD; p += 1) {
      const value = pod(options.now, ns, workload, p, broken);
      await item(value);
      const meta = value.metadata as { name: string; uid: string };
      for (const event of events(options.now, ns, meta.name, meta.uid, broken)) await item(event);
    }
  }
  await write(']}\n');
  out.end();
  await once(out, 'finish');
  return failing;
}
