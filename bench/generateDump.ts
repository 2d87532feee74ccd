/**
 * Generates a realistic Kubernetes `List` dump for benchmarks: workloads of every controller kind,
 * a share of them failing in every failure category, and many events. Deterministic: the same
 * options give the same dump.
 */

type Json = Record<string, unknown>;

export interface GenerateDumpOptions {
  pods?: number;
  workloads?: number;
  /** Share of workloads whose pods fail. */
  failingRatio?: number;
  events?: number;
  nodes?: number;
  now?: Date;
}

/** Failures the generator can produce, one per failing workload in turn. */
const POD_FAILURES = [
  'CrashLoopBackOff',
  'OOMKilled',
  'ImagePullBackOff',
  'ImagePullAuth',
  'CreateContainerConfigError',
  'RunContainerError',
  'InsufficientResources',
  'UnschedulableConstraints',
  'PVCUnbound',
  'VolumeMountFailure',
  'LivenessProbeFailure',
  'ReadinessProbeFailure',
  'StartupProbeFailure',
  'Evicted',
  'SandboxCreationFailure',
  'InitContainerFailure',
  'CreateContainerError',
  'Other',
  'QuotaExceeded',
  'AdmissionDenied',
] as const;
type PodFailure = (typeof POD_FAILURES)[number];

export interface GeneratedDump {
  list: { apiVersion: 'v1'; kind: 'List'; items: Json[] };
  counts: { pods: number; events: number; objects: number; failingWorkloads: number };
}

type EventFn = (kind: string, ns: string, name: string, uid: string, type: string, reason: string, message: string, count?: number, fieldPath?: string) => void;

/** What serves a workload: a Service and its EndpointSlice, an HPA for every fifth, a PDB for every seventh, an Ingress. */
function serving(ns: string, name: string, endpoints: Json[], kind: string, w: number): Json[] {
  const out: Json[] = [
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, uid: `uid-svc-${w}` }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name } }, addressType: 'IPv4', endpoints, ports: [{ name: 'http', port: 8080 }] },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: ns }, spec: { ingressClassName: 'nginx', rules: [{ host: `${name}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] } }] } },
  ];
  if (kind === 'Deployment' && w % 5 === 0) {
    out.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace: ns },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 2, maxReplicas: 50, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
      status: { currentReplicas: endpoints.length, desiredReplicas: endpoints.length, conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }, { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound' }] },
    });
  }
  if (w % 7 === 0) {
    out.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: ns },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: name } } },
      status: { disruptionsAllowed: 1, currentHealthy: endpoints.length, desiredHealthy: endpoints.length - 1, expectedPods: endpoints.length },
    });
  }
  return out;
}

/** One instance of each failure that is not a pod's: a Service selector typo, a broken Ingress, an HPA without metrics, a stuck rollout, a failing CronJob, a webhook without endpoints, a blocked drain. */
function scenarios(at: (minutesAgo: number) => string, event: EventFn): Json[] {
  const ns = 'edge';
  const ready = (name: string, r: boolean, node = 'node-010'): Json => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, uid: `uid-${name}`, labels: { app: name.replace(/-[^-]+$/, '') }, creationTimestamp: at(300) },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'app:1' }] },
    status: { phase: 'Running', containerStatuses: [{ name: 'app', image: 'app:1', imageID: '', ready: r, restartCount: 0, state: { running: { startedAt: at(300) } } }] },
  });
  const webhookMessage = 'Error creating: Internal error occurred: failed calling webhook "mpod.policy.example.com": failed to call webhook: Post "https://policy-webhook.policy.svc:443/mutate?timeout=10s": no endpoints available for service "policy-webhook"';
  event('HorizontalPodAutoscaler', ns, 'metrics', 'uid-hpa-metrics', 'Warning', 'FailedGetResourceMetric', 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API', 40);
  event('ReplicaSet', ns, 'blocked-7d9c8b6f5d', 'uid-rs-blocked', 'Warning', 'FailedCreate', webhookMessage, 13);
  const cordonedNode = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-cordoned', uid: 'uid-node-cordoned' }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }] } };
  return [
    cordonedNode,
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } },
    // ServiceNoEndpoints: the selector says `app: typo`.
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'typo', namespace: ns }, spec: { selector: { app: 'typ0' }, ports: [{ port: 80 }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'typo-x1', namespace: ns, labels: { 'kubernetes.io/service-name': 'typo' } }, addressType: 'IPv4', endpoints: [] },
    ready('typo-a1', true),
    // IngressMisconfigured: the backend Service does not exist.
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'dangling', namespace: ns }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gone', port: { number: 80 } } } }] } }] } },
    // AutoscalerFailing: no metrics.
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'metrics', namespace: ns, uid: 'uid-hpa-metrics' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'metrics' }, maxReplicas: 5 }, status: { currentReplicas: 1, desiredReplicas: 1, conditions: [{ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API' }] } },
    // RolloutStuck: the new ReplicaSet's pod never gets ready.
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'stuck', namespace: ns, uid: 'uid-stuck' }, spec: { replicas: 1 }, status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "stuck-5c9f7d8b6c" has timed out progressing.' }] } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'stuck-5c9f7d8b6c', namespace: ns, uid: 'uid-rs-stuck', labels: { 'pod-template-hash': '5c9f7d8b6c' }, annotations: { 'deployment.kubernetes.io/revision': '2' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'stuck', uid: 'uid-stuck', controller: true }] }, spec: { replicas: 1 }, status: { replicas: 1 } },
    { ...ready('stuck-5c9f7d8b6c-zzzzz', false), metadata: { name: 'stuck-5c9f7d8b6c-zzzzz', namespace: ns, uid: 'uid-stuck-pod', labels: { 'pod-template-hash': '5c9f7d8b6c' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'stuck-5c9f7d8b6c', uid: 'uid-rs-stuck', controller: true }], creationTimestamp: at(300) } },
    // CronJobFailing: the last run failed.
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: ns, uid: 'uid-cj-nightly' }, spec: { schedule: '0 2 * * *' }, status: { lastScheduleTime: at(600) } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'nightly-28577160', namespace: ns, uid: 'uid-job-nightly', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'uid-cj-nightly', controller: true }] }, spec: { backoffLimit: 0 }, status: { failed: 1, startTime: at(600), conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } },
    // WebhookUnavailable: a fail-closed pod webhook with no endpoints blocks a ReplicaSet.
    { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'policy' }, webhooks: [{ name: 'mpod.policy.example.com', failurePolicy: 'Fail', clientConfig: { service: { namespace: 'policy', name: 'policy-webhook' } }, rules: [{ operations: ['CREATE'], resources: ['pods'] }] }] },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'policy-webhook', namespace: 'policy' }, spec: { selector: { app: 'policy' }, ports: [{ port: 443 }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'policy-webhook-x1', namespace: 'policy', labels: { 'kubernetes.io/service-name': 'policy-webhook' } }, addressType: 'IPv4', endpoints: [] },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'blocked-7d9c8b6f5d', namespace: ns, uid: 'uid-rs-blocked' }, spec: { replicas: 1 }, status: { replicas: 0 } },
    // DisruptionBlocked: minAvailable 1 of 1 while its node is being drained.
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'solo', namespace: ns }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'solo' } } }, status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } },
    ready('solo-a1', true, 'node-cordoned'),
  ];
}

export function generateDump(options: GenerateDumpOptions = {}): GeneratedDump {
  const podCount = options.pods ?? 5000;
  const workloadCount = options.workloads ?? 200;
  const failingRatio = options.failingRatio ?? 0.1;
  const eventTarget = options.events ?? 50_000;
  const nodeCount = options.nodes ?? 50;
  const now = (options.now ?? new Date('2024-05-01T12:00:00Z')).getTime();
  const at = (minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString();
  const items: Json[] = [];
  const events: Json[] = [];
  let eventSeq = 0;
  const event: EventFn = (kind, ns, name, uid, type, reason, message, count = 1, fieldPath) => {
    eventSeq += 1;
    events.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${eventSeq.toString(16).padStart(16, '0')}`, namespace: ns === '' ? 'default' : ns },
      involvedObject: { kind, namespace: ns === '' ? undefined : ns, name, uid, ...(fieldPath !== undefined ? { fieldPath } : {}) },
      type,
      reason,
      message,
      count,
      firstTimestamp: at(120),
      lastTimestamp: at(2),
    });
  };

  for (let n = 0; n < nodeCount; n += 1) {
    const name = `node-${String(n).padStart(3, '0')}`;
    const down = n < 2;
    items.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, uid: `uid-node-${n}`, labels: n < 3 ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
      spec: down ? { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } : {},
      status: {
        conditions: [
          { type: 'MemoryPressure', status: n === 2 ? 'True' : 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
          down
            ? { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' }
            : { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
      },
    });
    if (down) event('Node', '', name, `uid-node-${n}`, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
  }

  const podsPerWorkload = Math.ceil(podCount / workloadCount);
  const failingEvery = Math.max(1, Math.round(1 / failingRatio));
  let failingWorkloads = 0;
  let podsMade = 0;
  for (let w = 0; w < workloadCount && podsMade < podCount; w += 1) {
    const ns = `team-${w % 10}`;
    // Spread over the controller kinds so that failing workloads (every tenth) get each kind too.
    const kind = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'][(w * 3 + Math.floor(w / 10)) % 4] ?? 'Deployment';
    const name = `svc-${w}`;
    const failure: PodFailure | undefined = w % failingEvery === 0 ? POD_FAILURES[failingWorkloads % POD_FAILURES.length] : undefined;
    if (failure !== undefined) failingWorkloads += 1;
    const hash = 'b5d9c7f84';
    const owner =
      kind === 'Deployment'
        ? { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}`, uid: `uid-rs-${w}`, controller: true }
        : { apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, name, uid: `uid-wl-${w}`, controller: true };
    if (kind === 'Deployment') {
      items.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, uid: `uid-wl-${w}` }, spec: { replicas: podsPerWorkload } });
      items.push({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: `${name}-${hash}`, namespace: ns, uid: `uid-rs-${w}`, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid: `uid-wl-${w}`, controller: true }] },
        spec: { replicas: podsPerWorkload + (failure === 'QuotaExceeded' || failure === 'AdmissionDenied' ? 1 : 0) },
        status: { replicas: podsPerWorkload },
      });
    }
    if (kind === 'Job') {
      const failed = failure === 'Other';
      items.push({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name, namespace: ns, uid: `uid-wl-${w}` },
        spec: { backoffLimit: 6 },
        status: failed ? { failed: 7, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } : { active: podsPerWorkload },
      });
      if (failed) event('Job', ns, name, `uid-wl-${w}`, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    }
    if (failure === 'QuotaExceeded' || failure === 'AdmissionDenied') {
      // The controller cannot create its last pod; the pods it did create run.
      const [controllerKind, controller, controllerUid] = kind === 'Deployment' ? ['ReplicaSet', `${name}-${hash}`, `uid-rs-${w}`] : [kind, name, `uid-wl-${w}`];
      const why = failure === 'QuotaExceeded'
        ? 'exceeded quota: compute-quota, requested: requests.cpu=100m, used: requests.cpu=4, limited: requests.cpu=4'
        : 'violates PodSecurity "restricted:latest": runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)';
      event(controllerKind, ns, controller, controllerUid, 'Warning', 'FailedCreate', `Error creating: pods "${controller}-zzzzz" is forbidden: ${why}`, 9);
    }
    const endpoints: Json[] = [];
    for (let p = 0; p < podsPerWorkload && podsMade < podCount; p += 1, podsMade += 1) {
      const pod = kind === 'StatefulSet' ? `${name}-${p}` : kind === 'Deployment' ? `${name}-${hash}-p${p.toString(36).padStart(4, 'x')}` : `${name}-p${p}`;
      const uid = `uid-pod-${w}-${p}`;
      const nodeName = `node-${String((w * 7 + p) % nodeCount).padStart(3, '0')}`;
      const image = `registry.example.com/${name}:1.${w}`;
      const container = 'app';
      const spec: Json = { nodeName, containers: [{ name: container, image, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }] };
      let status: Json = {
        phase: 'Running',
        containerStatuses: [{ name: container, image, imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: at(100) } } }],
      };
      const waiting = (reason: string, message?: string): Json => ({
        phase: 'Pending',
        containerStatuses: [{ name: container, image, imageID: '', ready: false, restartCount: 0, state: { waiting: { reason, ...(message !== undefined ? { message } : {}) } } }],
      });
      const crashing = (reason: string, exitCode: number): Json => ({
        phase: 'Running',
        containerStatuses: [{ name: container, image, imageID: '', ready: false, restartCount: 12, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason, exitCode, finishedAt: at(3) } } }],
      });
      const field = `spec.containers{${container}}`;
      const warn = (reason: string, message: string, count = 5): void => {
        event('Pod', ns, pod, uid, 'Warning', reason, message, count, field);
      };
      switch (failure) {
        case undefined:
        case 'QuotaExceeded':
        case 'AdmissionDenied':
          break;
        case 'CrashLoopBackOff':
          status = crashing('Error', 1);
          warn('BackOff', `Back-off restarting failed container ${container} in pod ${pod}_${ns}(${uid})`, 80);
          break;
        case 'OOMKilled':
          status = crashing('OOMKilled', 137);
          warn('BackOff', `Back-off restarting failed container ${container} in pod ${pod}_${ns}(${uid})`, 40);
          break;
        case 'ImagePullBackOff':
        case 'ImagePullAuth':
          status = waiting('ImagePullBackOff', `Back-off pulling image "${image}"`);
          warn('Failed', failure === 'ImagePullAuth'
            ? `Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": unexpected status: 401 Unauthorized`
            : `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`);
          break;
        case 'CreateContainerConfigError':
          status = waiting('CreateContainerConfigError', `secret "${name}-creds" not found`);
          warn('Failed', `Error: secret "${name}-creds" not found`, 20);
          break;
        case 'CreateContainerError':
          status = waiting('CreateContainerError', 'context deadline exceeded');
          warn('Failed', 'Error: context deadline exceeded');
          break;
        case 'RunContainerError':
          status = waiting('RunContainerError', `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/run": executable file not found in $PATH: unknown`);
          break;
        case 'InsufficientResources':
        case 'UnschedulableConstraints':
        case 'PVCUnbound': {
          delete spec['nodeName'];
          status = { phase: 'Pending' };
          const message = {
            InsufficientResources: `0/${nodeCount} nodes are available: ${nodeCount} Insufficient memory. preemption: 0/${nodeCount} nodes are available: ${nodeCount} No preemption victims found for incoming pod..`,
            UnschedulableConstraints: `0/${nodeCount} nodes are available: ${nodeCount} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodeCount} nodes are available: ${nodeCount} Preemption is not helpful for scheduling..`,
            PVCUnbound: `0/${nodeCount} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${nodeCount} nodes are available: ${nodeCount} No preemption victims found for incoming pod..`,
          }[failure];
          event('Pod', ns, pod, uid, 'Warning', 'FailedScheduling', message, 3);
          if (failure === 'PVCUnbound') {
            const claim = `data-${pod}`;
            spec['volumes'] = [{ name: 'data', persistentVolumeClaim: { claimName: claim } }];
            items.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, namespace: ns, uid: `uid-pvc-${w}-${p}` }, spec: { accessModes: ['ReadWriteOnce'] }, status: { phase: 'Pending' } });
            event('PersistentVolumeClaim', ns, claim, `uid-pvc-${w}-${p}`, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', 30);
          }
          break;
        }
        case 'VolumeMountFailure':
          status = waiting('ContainerCreating');
          warn('FailedMount', `MountVolume.SetUp failed for volume "config" : configmap "${name}-config" not found`, 12);
          break;
        case 'LivenessProbeFailure':
          status = crashing('Error', 137);
          warn('Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500', 30);
          event('Pod', ns, pod, uid, 'Normal', 'Killing', `Container ${container} failed liveness probe, will be restarted`, 10, field);
          break;
        case 'ReadinessProbeFailure':
          status = { phase: 'Running', containerStatuses: [{ name: container, image, imageID: '', ready: false, restartCount: 0, state: { running: { startedAt: at(100) } } }] };
          warn('Unhealthy', 'Readiness probe failed: Get "http://10.0.0.1:8080/ready": dial tcp 10.0.0.1:8080: connect: connection refused', 60);
          break;
        case 'StartupProbeFailure':
          status = crashing('Error', 143);
          warn('Unhealthy', 'Startup probe failed: HTTP probe failed with statuscode: 503', 30);
          break;
        case 'Evicted':
          status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 9Gi.' };
          warn('Evicted', 'The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 9Gi.', 1);
          break;
        case 'SandboxCreationFailure':
          status = waiting('ContainerCreating');
          warn('FailedCreatePodSandBox', 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="calico" failed (add): connection is unauthorized: Unauthorized', 14);
          break;
        case 'InitContainerFailure':
          spec['initContainers'] = [{ name: 'init', image: 'busybox:1.36' }];
          status = {
            phase: 'Pending',
            initContainerStatuses: [{ name: 'init', image: 'busybox:1.36', imageID: '', ready: false, restartCount: 6, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: at(3) } } }],
            containerStatuses: [{ name: container, image, imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
          };
          break;
        case 'Other':
          // A failed Job covers its pods; its first pod is made a bare pod on a lost node.
          if (kind !== 'Job' || p === 0) status = { phase: 'Unknown', reason: 'NodeLost', message: 'node is unreachable' };
          else status = { phase: 'Failed', containerStatuses: [{ name: container, image, imageID: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 2, finishedAt: at(5) } } }] };
          break;
      }
      items.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: pod, namespace: ns, uid, labels: kind === 'Deployment' ? { app: name, 'pod-template-hash': hash } : { app: name }, ...(failure === 'Other' && kind === 'Job' && p === 0 ? {} : { ownerReferences: [owner] }), creationTimestamp: at(120) },
        spec,
        status,
      });
      // The kubelet's usual start-up events for every pod.
      event('Pod', ns, pod, uid, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod} to ${nodeName}`);
      event('Pod', ns, pod, uid, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, 1, field);
      event('Pod', ns, pod, uid, 'Normal', 'Created', `Created container ${container}`, 1, field);
      event('Pod', ns, pod, uid, 'Normal', 'Started', `Started container ${container}`, 1, field);
      const containerStatus = (status['containerStatuses'] as { ready?: boolean }[] | undefined)?.[0];
      endpoints.push({ addresses: [`10.${w % 250}.${Math.floor(p / 250)}.${p % 250}`], conditions: { ready: containerStatus?.ready === true }, targetRef: { kind: 'Pod', namespace: ns, name: pod }, nodeName });
    }
    if (kind !== 'Job') items.push(...serving(ns, name, endpoints, kind, w));
  }
  items.push(...scenarios(at, event));
  // Fill up to the event target with routine events spread over all pods.
  const pods = items.filter((i) => i['kind'] === 'Pod');
  for (let i = 0; events.length < eventTarget && pods.length > 0; i += 1) {
    const pod = pods[i % pods.length] as { metadata: { name: string; namespace: string; uid: string } };
    const reasons = ['Pulling', 'SandboxChanged', 'Killing', 'Created', 'Started'];
    const reason = reasons[Math.floor(i / pods.length) % reasons.length] ?? 'Pulling';
    event('Pod', pod.metadata.namespace, pod.metadata.name, pod.metadata.uid, 'Normal', reason, `${reason} container app (routine ${i})`, 1, 'spec.containers{app}');
  }
  const all = [...items, ...events];
  return {
    list: { apiVersion: 'v1', kind: 'List', items: all },
    counts: { pods: pods.length, events: events.length, objects: all.length, failingWorkloads },
  };
}
