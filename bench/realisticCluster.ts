/**
 * A cluster as a real API server serves it, for bench:watch-scale: pods of Deployments with
 * everything a kube-apiserver returns (managedFields of the controller and the kubelet, the
 * service account volume, tolerations, env, probes, container status details), about three
 * events each (Scheduled, Pulled, Started), nodes with their image lists, and 1% of the pods
 * failing: every pod of one Deployment in a hundred crash-loops.
 */
import type { KubeObject } from '../test/fakes/kube.js';

export interface RealisticCluster {
  objects: KubeObject[];
  /** Pods that stay healthy, for the update storm: [namespace, deployment, name, node]. */
  healthyPods: [string, string, string, string][];
  /** Failing Deployments: exactly one incident each. */
  expectedIncidents: number;
}

const PODS_PER_DEPLOYMENT = 10;
const PODS_PER_NAMESPACE = 500;
const PODS_PER_NODE = 100;
const FAILING_EVERY = 100;
const HASH = '7d4b9c8f5d';

const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

function managed(manager: string, operation: string, fields: object, subresource?: string): object {
  return { manager, operation, apiVersion: 'v1', time: at(3_600_000), fieldsType: 'FieldsV1', fieldsV1: fields, ...(subresource ? { subresource } : {}) };
}

const CONTAINER_FIELDS = {
  'k:{"name":"app"}': {
    '.': {}, 'f:env': { '.': {}, ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k:{"name":"VAR_${i}"}`, { '.': {}, 'f:name': {}, 'f:value': {} }])) },
    'f:image': {}, 'f:imagePullPolicy': {}, 'f:livenessProbe': { '.': {}, 'f:failureThreshold': {}, 'f:httpGet': { '.': {}, 'f:path': {}, 'f:port': {}, 'f:scheme': {} }, 'f:periodSeconds': {}, 'f:successThreshold': {}, 'f:timeoutSeconds': {} },
    'f:name': {}, 'f:ports': { '.': {}, 'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:name': {}, 'f:protocol': {} } },
    'f:readinessProbe': { '.': {}, 'f:failureThreshold': {}, 'f:httpGet': { '.': {}, 'f:path': {}, 'f:port': {}, 'f:scheme': {} }, 'f:periodSeconds': {}, 'f:successThreshold': {}, 'f:timeoutSeconds': {} },
    'f:resources': { '.': {}, 'f:limits': { '.': {}, 'f:memory': {} }, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } },
    'f:securityContext': { '.': {}, 'f:allowPrivilegeEscalation': {}, 'f:readOnlyRootFilesystem': {}, 'f:runAsNonRoot': {} },
    'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {}, 'f:volumeMounts': { '.': {}, 'k:{"mountPath":"/etc/app"}': { '.': {}, 'f:mountPath': {}, 'f:name': {}, 'f:readOnly': {} } },
  },
};

function pod(ns: string, deployment: string, name: string, node: string, ip: string, failing: boolean): KubeObject {
  const uid = `0b1e${name.length.toString(16).padStart(4, '0')}-${name.slice(-5).padEnd(4, 'x')}-4c2d-9e8f-${Buffer.from(name).toString('hex').slice(-12).padStart(12, '0')}`;
  const image = `registry.example.com/team/${deployment}:1.24.3`;
  const started = at(3_500_000);
  return {
    kind: 'Pod',
    metadata: {
      name, generateName: `${deployment}-${HASH}-`, namespace: ns, uid, creationTimestamp: at(3_600_000),
      labels: { app: deployment, 'app.kubernetes.io/name': deployment, 'app.kubernetes.io/instance': `${deployment}-prod`, 'app.kubernetes.io/version': '1.24.3', 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': `${deployment}-4.2.1`, 'pod-template-hash': HASH },
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'kubectl.kubernetes.io/restartedAt': at(86_400_000), 'checksum/config': 'a3f5c0e1d2b4968877665544332211ffeeddccbbaa99887766554433221100aa' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${deployment}-${HASH}`, uid: `rs-${deployment}-${ns}`, controller: true, blockOwnerDeletion: true }],
      managedFields: [
        managed('kube-controller-manager', 'Update', {
          'f:metadata': { 'f:annotations': { '.': {}, 'f:checksum/config': {}, 'f:kubectl.kubernetes.io/restartedAt': {}, 'f:prometheus.io/port': {}, 'f:prometheus.io/scrape': {} }, 'f:generateName': {}, 'f:labels': { '.': {}, 'f:app': {}, 'f:app.kubernetes.io/instance': {}, 'f:app.kubernetes.io/managed-by': {}, 'f:app.kubernetes.io/name': {}, 'f:app.kubernetes.io/version': {}, 'f:helm.sh/chart': {}, 'f:pod-template-hash': {} }, 'f:ownerReferences': { '.': {}, [`k:{"uid":"rs-${deployment}-${ns}"}`]: {} } },
          'f:spec': { 'f:containers': CONTAINER_FIELDS, 'f:dnsPolicy': {}, 'f:enableServiceLinks': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': { '.': {}, 'f:fsGroup': {} }, 'f:serviceAccountName': {}, 'f:terminationGracePeriodSeconds': {}, 'f:volumes': { '.': {}, 'k:{"name":"config"}': { '.': {}, 'f:configMap': { '.': {}, 'f:defaultMode': {}, 'f:name': {} }, 'f:name': {} } } },
        }),
        managed('kubelet', 'Update', {
          'f:status': { 'f:conditions': Object.fromEntries(['ContainersReady', 'Initialized', 'PodReadyToStartContainers', 'Ready'].map((t) => [`k:{"type":"${t}"}`, { '.': {}, 'f:lastProbeTime': {}, 'f:lastTransitionTime': {}, 'f:status': {}, 'f:type': {} }])), 'f:containerStatuses': {}, 'f:hostIP': {}, 'f:hostIPs': {}, 'f:phase': {}, 'f:podIP': {}, 'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } }, 'f:startTime': {} },
        }, 'status'),
      ],
    },
    spec: {
      volumes: [
        { name: 'config', configMap: { name: `${deployment}-config`, defaultMode: 420 } },
        { name: 'kube-api-access-x7k2p', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } }], defaultMode: 420 } },
      ],
      containers: [{
        name: 'app', image, imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: Array.from({ length: 8 }, (_, i) => ({ name: `VAR_${i}`, value: `value-${i}-${deployment}` })),
        resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
        volumeMounts: [{ name: 'config', readOnly: true, mountPath: '/etc/app' }, { name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        readinessProbe: { httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
        securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
      }],
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', serviceAccountName: 'default', serviceAccount: 'default',
      nodeName: node, securityContext: { fsGroup: 2000 }, schedulerName: 'default-scheduler',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      priority: 0, enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type, status: failing && (type === 'Ready' || type === 'ContainersReady') ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: started,
        ...(failing && (type === 'Ready' || type === 'ContainersReady') ? { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' } : {}),
      })),
      hostIP: ip.replace(/\.\d+$/, '.1'), hostIPs: [{ ip: ip.replace(/\.\d+$/, '.1') }], podIP: ip, podIPs: [{ ip }], startTime: started,
      containerStatuses: [{
        name: 'app', ready: !failing, restartCount: failing ? 7 : 0, started: !failing, image, imageID: `${image.replace(/:.*$/, '')}@sha256:4c2d9e8f0b1e7a6d5c4b3a29180706f5e4d3c2b1a09f8e7d6c5b4a3928170605`,
        containerID: 'containerd://3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a',
        state: failing ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=app pod=${name}_${ns}(${uid})` } } : { running: { startedAt: started } },
        ...(failing ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(400_000), finishedAt: at(390_000), containerID: 'containerd://9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f' } } } : { lastState: {} }),
        volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true, recursiveReadOnly: 'Disabled' }, { name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled' }],
      }],
      qosClass: 'Burstable',
    },
  };
}

function event(ns: string, podName: string, uid: string, seq: number, type: string, reason: string, message: string, component: string, count = 1): KubeObject {
  const when = at(reason === 'BackOff' ? 60_000 : 3_500_000);
  return {
    kind: 'Event',
    metadata: {
      name: `${podName}.${(0x17d1c2b3a4f5e6d7n + BigInt(seq)).toString(16)}`, namespace: ns, creationTimestamp: when,
      managedFields: [managed(component, 'Update', { 'f:count': {}, 'f:firstTimestamp': {}, 'f:involvedObject': {}, 'f:lastTimestamp': {}, 'f:message': {}, 'f:reason': {}, 'f:reportingComponent': {}, 'f:reportingInstance': {}, 'f:source': { 'f:component': {}, 'f:host': {} }, 'f:type': {} })],
    },
    involvedObject: { kind: 'Pod', namespace: ns, name: podName, uid, apiVersion: 'v1', resourceVersion: '81234', ...(reason === 'Scheduled' ? {} : { fieldPath: 'spec.containers{app}' }) },
    reason, message, source: { component, ...(component === 'kubelet' ? { host: 'node' } : {}) },
    firstTimestamp: when, lastTimestamp: when, count, type, eventTime: null, reportingComponent: component, reportingInstance: component === 'kubelet' ? 'node' : '',
  };
}

function node(name: string, i: number): KubeObject {
  return {
    kind: 'Node',
    metadata: {
      name, uid: `node-${i}`, creationTimestamp: at(86_400_000 * 30),
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'm6i.4xlarge', 'topology.kubernetes.io/zone': `zone-${i % 3}` },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      managedFields: [managed('kubelet', 'Update', { 'f:status': { 'f:conditions': {}, 'f:images': {}, 'f:nodeInfo': {} } }, 'status')],
    },
    spec: { podCIDR: `10.${i >> 8}.${i & 255}.0/24`, providerID: `aws:///zone/i-0${i.toString(16).padStart(16, '0')}` },
    status: {
      capacity: { cpu: '16', memory: '65023288Ki', pods: '110', 'ephemeral-storage': '104845292Ki' },
      allocatable: { cpu: '15890m', memory: '62955832Ki', pods: '110', 'ephemeral-storage': '95551679124' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: at(10_000), lastTransitionTime: at(86_400_000), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', lastHeartbeatTime: at(10_000), lastTransitionTime: at(86_400_000), reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', lastHeartbeatTime: at(10_000), lastTransitionTime: at(86_400_000), reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: at(10_000), lastTransitionTime: at(86_400_000), reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [{ type: 'InternalIP', address: `10.0.${i >> 8}.${i & 255}` }, { type: 'Hostname', address: name }],
      nodeInfo: { machineID: 'ec2', systemUUID: 'ec2', bootID: 'boot', kernelVersion: '6.1.0', osImage: 'Bottlerocket', containerRuntimeVersion: 'containerd://1.7.20', kubeletVersion: 'v1.30.4', kubeProxyVersion: 'v1.30.4', operatingSystem: 'linux', architecture: 'amd64' },
      images: Array.from({ length: 40 }, (_, k) => ({ names: [`registry.example.com/team/image-${k}@sha256:${k.toString(16).padStart(64, 'a')}`, `registry.example.com/team/image-${k}:1.${k}`], sizeBytes: 20_000_000 + k })),
    },
  };
}

/** A cluster of `pods` pods (a multiple of 10), 500 per namespace, 100 per node. */
export function realisticCluster(pods: number): RealisticCluster {
  const objects: KubeObject[] = [];
  const healthyPods: RealisticCluster['healthyPods'] = [];
  const nodes = Math.max(1, Math.ceil(pods / PODS_PER_NODE));
  for (let n = 0; n < nodes; n += 1) objects.push(node(`node-${String(n).padStart(5, '0')}`, n));
  const deployments = Math.ceil(pods / PODS_PER_DEPLOYMENT);
  let expectedIncidents = 0;
  let seq = 0;
  for (let d = 0; d < deployments; d += 1) {
    const ns = `team-${Math.floor((d * PODS_PER_DEPLOYMENT) / PODS_PER_NAMESPACE)}`;
    const name = `svc-${d}`;
    const failing = d % FAILING_EVERY === FAILING_EVERY - 1;
    if (failing) expectedIncidents += 1;
    if (d % (PODS_PER_NAMESPACE / PODS_PER_DEPLOYMENT) === 0) objects.push({ kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } } });
    const template = { metadata: { labels: { app: name, 'pod-template-hash': HASH } }, spec: (pod(ns, name, 'x', 'n', '10.0.0.1', false).spec as object) };
    objects.push({ kind: 'Deployment', metadata: { name, namespace: ns, uid: `dep-${name}-${ns}`, generation: 3 }, spec: { replicas: PODS_PER_DEPLOYMENT, selector: { matchLabels: { app: name } }, template }, status: { replicas: PODS_PER_DEPLOYMENT, readyReplicas: failing ? 0 : PODS_PER_DEPLOYMENT, observedGeneration: 3 } });
    objects.push({ kind: 'ReplicaSet', metadata: { name: `${name}-${HASH}`, namespace: ns, uid: `rs-${name}-${ns}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `dep-${name}-${ns}`, controller: true }] }, spec: { replicas: PODS_PER_DEPLOYMENT, selector: { matchLabels: { app: name } }, template }, status: { replicas: PODS_PER_DEPLOYMENT } });
    for (let p = 0; p < PODS_PER_DEPLOYMENT && d * PODS_PER_DEPLOYMENT + p < pods; p += 1) {
      const i = d * PODS_PER_DEPLOYMENT + p;
      const podName = `${name}-${HASH}-${'bcdfghjklmnpqrstvwxz'[p % 20] ?? 'b'}${(i % 8000).toString(36).padStart(4, 'x')}`;
      const nodeName = `node-${String(Math.floor(i / PODS_PER_NODE) % nodes).padStart(5, '0')}`;
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const object = pod(ns, name, podName, nodeName, ip, failing);
      objects.push(object);
      const uid = String((object.metadata as { uid: string }).uid);
      objects.push(event(ns, podName, uid, (seq += 1), 'Normal', 'Scheduled', `Successfully assigned ${ns}/${podName} to ${nodeName}`, 'default-scheduler'));
      objects.push(event(ns, podName, uid, (seq += 1), 'Normal', 'Pulled', `Container image "registry.example.com/team/${name}:1.24.3" already present on machine`, 'kubelet'));
      objects.push(failing
        ? event(ns, podName, uid, (seq += 1), 'Warning', 'BackOff', 'Back-off restarting failed container app in pod', 'kubelet', 31)
        : event(ns, podName, uid, (seq += 1), 'Normal', 'Started', 'Started container app', 'kubelet'));
      if (!failing) healthyPods.push([ns, name, podName, nodeName]);
    }
  }
  return { objects, healthyPods, expectedIncidents };
}

/** A healthy pod's status heartbeat: a new condition time, as the kubelet writes it. */
export function touchedPod(object: KubeObject, tick: number): KubeObject {
  const status = object['status'] as { conditions: { lastProbeTime: string | null }[] };
  return { ...object, status: { ...status, conditions: status.conditions.map((c) => ({ ...c, lastProbeTime: at(-tick) })) } };
}
