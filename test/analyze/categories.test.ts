import { describe, expect, it } from 'vitest';
import { analyzeFixture } from './analyzeFixture.js';
import { CATEGORIES, type Category, type Finding } from '../../src/analyze/types.js';

interface Expectation {
  kind: string;
  name: string;
  workload: string;
  component: string;
  severity: Finding['severity'];
  pods: string[];
  /** Substrings that must appear in the root cause (verbatim Kubernetes wording). */
  rootCause: string[];
}

const EXPECTED: Record<Category, Expectation> = {
  CrashLoopBackOff: {
    kind: 'Pod', name: 'api-7d9c8b6f5d-x2k4p', workload: 'Deployment/api', component: 'container "api" of Deployment/api', severity: 'high',
    pods: ['api-7d9c8b6f5d-x2k4p'], rootCause: ['last terminated Error exit 1', 'panic: DATABASE_URL is not set', 'Warning BackOff (x42): Back-off restarting failed container api in pod api-7d9c8b6f5d-x2k4p_shop('],
  },
  OOMKilled: {
    kind: 'Pod', name: 'redis-0', workload: 'StatefulSet/redis', component: 'container "redis" of StatefulSet/redis', severity: 'high',
    pods: ['redis-0'], rootCause: ['last terminated OOMKilled exit 137', 'container redis memory limit: 256Mi'],
  },
  ImagePullBackOff: {
    kind: 'Pod', name: 'web-5c9f7d8b6c-q7w2e', workload: 'Deployment/web', component: 'container "nginx" of Deployment/web', severity: 'high',
    pods: ['web-5c9f7d8b6c-q7w2e'], rootCause: ['Warning Failed (x4): Failed to pull image "nginx:1.99": rpc error: code = NotFound', 'waiting ImagePullBackOff: Back-off pulling image "nginx:1.99"'],
  },
  ImagePullAuth: {
    kind: 'Pod', name: 'billing-6b8d9f7c5b-m4n8p', workload: 'Deployment/billing', component: 'container "billing" of Deployment/billing', severity: 'high',
    pods: ['billing-6b8d9f7c5b-m4n8p'], rootCause: ['401 Unauthorized'],
  },
  CreateContainerConfigError: {
    kind: 'Pod', name: 'orders-7f6c5d4b3a-z9y8x', workload: 'Deployment/orders', component: 'container "orders" of Deployment/orders', severity: 'high',
    pods: ['orders-7f6c5d4b3a-z9y8x'], rootCause: ['waiting CreateContainerConfigError: secret "db-creds" not found', 'Warning Failed (x12): Error: secret "db-creds" not found'],
  },
  CreateContainerError: {
    kind: 'Pod', name: 'search-8d7c6b5a4f-k2j3h', workload: 'Deployment/search', component: 'container "search" of Deployment/search', severity: 'high',
    pods: ['search-8d7c6b5a4f-k2j3h'], rootCause: ['waiting CreateContainerError: context deadline exceeded', 'failed to reserve container name'],
  },
  RunContainerError: {
    kind: 'Pod', name: 'worker-5d4c3b2a19-p0o9i', workload: 'Deployment/worker', component: 'container "worker" of Deployment/worker', severity: 'high',
    pods: ['worker-5d4c3b2a19-p0o9i'], rootCause: ['last terminated StartError exit 128', 'exec: "/app/start.sh": permission denied'],
  },
  InsufficientResources: {
    kind: 'Pod', name: 'trainer-6c5b4a3928-abcde', workload: 'Deployment/trainer', component: 'kube-scheduler: placement of Deployment/trainer', severity: 'high',
    pods: ['trainer-6c5b4a3928-abcde'], rootCause: ['Warning FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.'],
  },
  UnschedulableConstraints: {
    kind: 'Pod', name: 'ingest-7b6a5c4d3f-fghij', workload: 'Deployment/ingest', component: 'kube-scheduler: placement of Deployment/ingest', severity: 'high',
    pods: ['ingest-7b6a5c4d3f-fghij'], rootCause: ["3 node(s) didn't match Pod's node affinity/selector"],
  },
  PVCUnbound: {
    kind: 'PersistentVolumeClaim', name: 'data-postgres-0', workload: 'StatefulSet/postgres', component: 'PersistentVolumeClaim "data-postgres-0" of StatefulSet/postgres', severity: 'high',
    pods: ['postgres-0'], rootCause: ['Warning ProvisioningFailed (x25): storageclass.storage.k8s.io "fast-ssd" not found', 'pod has unbound immediate PersistentVolumeClaims'],
  },
  VolumeMountFailure: {
    kind: 'Pod', name: 'uploader-5f6d7c8b9d-vwxyz', workload: 'Deployment/uploader', component: 'volume of Deployment/uploader (kubelet on worker-2)', severity: 'high',
    pods: ['uploader-5f6d7c8b9d-vwxyz'], rootCause: ['Warning FailedAttachVolume: Multi-Attach error for volume "pvc-0c6d2f1e-8a3b-4c5d-9e7f-1a2b3c4d5e6f"', 'Warning FailedMount (x9): Unable to attach or mount volumes'],
  },
  LivenessProbeFailure: {
    kind: 'Pod', name: 'web-6d5c4b3a2f-lmnop', workload: 'Deployment/web', component: 'container "web" of Deployment/web', severity: 'medium',
    pods: ['web-6d5c4b3a2f-lmnop'], rootCause: ['Warning Unhealthy (x12): Liveness probe failed: HTTP probe failed with statuscode: 500', 'Normal Killing (x4): Container web failed liveness probe, will be restarted'],
  },
  ReadinessProbeFailure: {
    kind: 'Pod', name: 'checkout-7c6b5a4d3e-qrstu', workload: 'Deployment/checkout', component: 'container "checkout" of Deployment/checkout', severity: 'medium',
    pods: ['checkout-7c6b5a4d3e-qrstu'], rootCause: ['Readiness probe failed: Get "http://10.244.1.17:8080/ready": dial tcp 10.244.1.17:8080: connect: connection refused'],
  },
  StartupProbeFailure: {
    kind: 'Pod', name: 'jenkins-0', workload: 'StatefulSet/jenkins', component: 'container "jenkins" of StatefulSet/jenkins', severity: 'medium',
    pods: ['jenkins-0'], rootCause: ['Startup probe failed: HTTP probe failed with statuscode: 503', 'Container jenkins failed startup probe, will be restarted'],
  },
  Evicted: {
    kind: 'Pod', name: 'queue-worker-8f7e6d5c4b-a1b2c', workload: 'Deployment/queue-worker', component: 'kubelet eviction of Deployment/queue-worker on node "worker-3"', severity: 'medium',
    pods: ['queue-worker-8f7e6d5c4b-a1b2c', 'queue-worker-8f7e6d5c4b-d3e4f'], rootCause: ['Warning Evicted: The node was low on resource: memory. Threshold quantity: 100Mi, available: 91340Ki.'],
  },
  NodeNotReady: {
    kind: 'Node', name: 'worker-3', workload: 'Node/worker-3', component: 'node "worker-3"', severity: 'critical',
    pods: ['nginx-5c9f7d8b6c-aaaaa'], rootCause: ['node worker-3: condition Ready=Unknown (NodeStatusUnknown): Kubelet stopped posting node status.'],
  },
  SandboxCreationFailure: {
    kind: 'Pod', name: 'gateway-9a8b7c6d5e-fghij', workload: 'Deployment/gateway', component: 'pod sandbox (CNI/container runtime) on node "worker-2" for Deployment/gateway', severity: 'high',
    pods: ['gateway-9a8b7c6d5e-fghij'], rootCause: ['Warning FailedCreatePodSandBox (x14): Failed to create pod sandbox: rpc error', 'plugin type="calico" failed (add)'],
  },
  QuotaExceeded: {
    kind: 'ReplicaSet', name: 'api-server-6d8f7c9b5d', workload: 'Deployment/api-server', component: 'ResourceQuota/LimitRange in namespace "team-a" blocking ReplicaSet/api-server-6d8f7c9b5d', severity: 'high',
    pods: [], rootCause: ['Warning FailedCreate (x8): Error creating: pods "api-server-6d8f7c9b5d-x8k2m" is forbidden: exceeded quota: compute-quota'],
  },
  AdmissionDenied: {
    kind: 'ReplicaSet', name: 'privileged-app-7f9d8c6b5', workload: 'Deployment/privileged-app', component: 'admission control blocking ReplicaSet/privileged-app-7f9d8c6b5', severity: 'high',
    pods: [], rootCause: ['violates PodSecurity "restricted:latest"'],
  },
  JobFailed: {
    kind: 'Job', name: 'db-migrate-28577140', workload: 'CronJob/db-migrate', component: 'Job "db-migrate-28577140" of CronJob/db-migrate', severity: 'high',
    pods: ['db-migrate-28577140-7xk2p', 'db-migrate-28577140-q9w3e'], rootCause: ['condition Failed (BackoffLimitExceeded): Job has reached the specified backoff limit', 'Warning BackoffLimitExceeded: Job has reached the specified backoff limit'],
  },
  InitContainerFailure: {
    kind: 'Pod', name: 'app-6f5e4d3c2b-init1', workload: 'Deployment/app', component: 'init container "wait-for-db" of Deployment/app', severity: 'high',
    pods: ['app-6f5e4d3c2b-init1'], rootCause: ['init container wait-for-db (pod app-6f5e4d3c2b-init1): waiting CrashLoopBackOff; last terminated Error exit 1', 'Back-off restarting failed container wait-for-db'],
  },
  ServiceNoEndpoints: {
    kind: 'Service', name: 'checkout', workload: 'Service/checkout', component: 'Service "checkout" (no ready endpoint)', severity: 'high',
    pods: [], rootCause: ['Service checkout: no ready endpoint; selector app=checkout matches 0 pods, behind Ingress shop', 'no pod in namespace shop has labels app=checkout'],
  },
  IngressMisconfigured: {
    kind: 'Ingress', name: 'storefront', workload: 'Ingress/storefront', component: 'Ingress "storefront"', severity: 'high',
    pods: [], rootCause: ['IngressClass "nginx-internal" does not exist', 'Service "web" has no port http (ports: web:8080)'],
  },
  AutoscalerFailing: {
    kind: 'HorizontalPodAutoscaler', name: 'api', workload: 'Deployment/api', component: 'HorizontalPodAutoscaler "api" of Deployment/api', severity: 'high',
    pods: [], rootCause: ['condition ScalingActive=False (FailedGetResourceMetric)', 'Warning FailedGetResourceMetric (x721): failed to get cpu utilization: unable to get metrics for resource cpu'],
  },
  RolloutStuck: {
    kind: 'Deployment', name: 'payments', workload: 'Deployment/payments', component: 'rollout of Deployment/payments', severity: 'high',
    pods: ['payments-7c9d8f6b5d-h4k8s'], rootCause: ['condition Progressing=False (ProgressDeadlineExceeded): ReplicaSet "payments-7c9d8f6b5d" has timed out progressing.'],
  },
  CronJobFailing: {
    kind: 'CronJob', name: 'nightly-report', workload: 'CronJob/nightly-report', component: 'CronJob "nightly-report"', severity: 'high',
    pods: ['nightly-report-28577160-4kq9x', 'nightly-report-28577160-z7m2p'],
    rootCause: ['the last 2 runs failed (nightly-report-28577160, nightly-report-28575720)', 'Job nightly-report-28577160: condition Failed (BackoffLimitExceeded)'],
  },
  WebhookUnavailable: {
    kind: 'ReplicaSet', name: 'web-5d4f8c7b9', workload: 'Deployment/web', component: 'admission webhook blocking ReplicaSet/web-5d4f8c7b9', severity: 'high',
    pods: [], rootCause: ['failed calling webhook "mpod.kb.io"', 'no endpoints available for service "podpolicy-webhook-service"'],
  },
  DisruptionBlocked: {
    kind: 'PodDisruptionBudget', name: 'zookeeper', workload: 'PodDisruptionBudget/zookeeper', component: 'PodDisruptionBudget "zookeeper"', severity: 'medium',
    pods: ['zookeeper-0', 'zookeeper-1', 'zookeeper-2'], rootCause: ['0 disruptions allowed (minAvailable 3; healthy 3 of 3, desired 3)', 'cordoned node worker-2 cannot be drained: zookeeper-1 may not be evicted'],
  },
  Other: {
    kind: 'Pod', name: 'report-once', workload: 'Pod/report-once', component: 'Pod "report-once"', severity: 'low',
    pods: ['report-once'], rootCause: ['phase Failed (DeadlineExceeded): Pod was active on the node longer than the specified deadline'],
  },
};

describe('one fixture per failure category', () => {
  it('covers every category code', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CATEGORIES].sort());
  });

  for (const category of CATEGORIES) {
    it(category, () => {
      const expected = EXPECTED[category];
      const findings = analyzeFixture(`categories/${category}`);
      expect(findings.map((f) => f.category)).toEqual([category]);
      const [finding] = findings;
      expect(finding).toMatchObject({
        kind: expected.kind,
        name: expected.name,
        workload: expected.workload,
        component: expected.component,
        severity: expected.severity,
        pods: expected.pods,
      });
      const rootCause = finding?.rootCause.join('\n') ?? '';
      for (const needle of expected.rootCause) expect(rootCause).toContain(needle);
      // The root cause leads the evidence, and evidence has no duplicates.
      expect(finding?.evidence.slice(0, finding.rootCause.length)).toEqual(finding?.rootCause);
      expect(new Set(finding?.evidence).size).toBe(finding?.evidence.length);
      expect(finding?.summary).toMatch(/\S/);
    });
  }
});
