import type { Category, Finding } from '../../src/analyze/types.js';

/** Case A of the seed: three ubuntu:20.04 pods of test-deployment crash-looping with exit code 0. */
export const caseA: Finding = {
  kind: 'Pod',
  namespace: 'k8s-and-chatgpt',
  name: 'test-deployment-f4955dc4d-95wrl',
  workload: 'Deployment/test-deployment',
  category: 'CrashLoopBackOff',
  component: 'container "ubuntu" of Deployment/test-deployment',
  severity: 'high',
  summary: '3 pods of Deployment/test-deployment are in CrashLoopBackOff',
  evidence: [
    'container ubuntu (pod test-deployment-f4955dc4d-95wrl): waiting CrashLoopBackOff; last terminated Completed exit 0 at 2023-03-20T09:57:45Z; restarts 29',
    'Warning BackOff (x209): Back-off restarting failed container ubuntu in pod test-deployment-f4955dc4d-95wrl_k8s-and-chatgpt(b3d79768-1bbd-470f-bb02-ebfaea2c53f9)',
  ],
  rootCause: [
    'container ubuntu (pod test-deployment-f4955dc4d-95wrl): waiting CrashLoopBackOff; last terminated Completed exit 0 at 2023-03-20T09:57:45Z; restarts 29',
  ],
  pods: ['test-deployment-f4955dc4d-95wrl', 'test-deployment-f4955dc4d-ss6nq', 'test-deployment-f4955dc4d-tdkxc'],
  containers: ['ubuntu'],
  related: [{ kind: 'Node', namespace: '', name: '3shake-k8s-node-001' }],
};

/** Case B of the seed: the alertmanager's PVC is unbound and no storage class is set. */
export const caseB: Finding = {
  kind: 'PersistentVolumeClaim',
  namespace: 'default',
  name: 'storage-prometheus-alertmanager-0',
  workload: 'StatefulSet/prometheus-alertmanager',
  category: 'PVCUnbound',
  component: 'PersistentVolumeClaim storage-prometheus-alertmanager-0',
  severity: 'high',
  summary: 'PersistentVolumeClaim storage-prometheus-alertmanager-0 is Pending (unbound)',
  evidence: [
    'Normal FailedBinding (x2): no persistent volumes available for this claim and no storage class is set',
    'Warning FailedScheduling (x2): 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
  ],
  rootCause: ['Normal FailedBinding (x2): no persistent volumes available for this claim and no storage class is set'],
  pods: ['prometheus-alertmanager-0'],
  containers: [],
  related: [],
};

/** A namespaced finding of `category` with every kind of name known. */
export function fullFinding(category: Category): Finding {
  return {
    kind: 'Pod',
    namespace: 'shop',
    name: 'web-7d4b9-abcde',
    workload: 'Deployment/web',
    category,
    component: 'container "app" of Deployment/web',
    severity: 'high',
    summary: `Deployment/web: ${category}`,
    evidence: ['some event message (x3)'],
    rootCause: [],
    pods: ['web-7d4b9-abcde', 'web-7d4b9-fghij'],
    containers: ['app'],
    related: [
      { kind: 'Node', namespace: '', name: 'worker-1' },
      { kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'data-web-0' },
      { kind: 'StorageClass', namespace: '', name: 'standard' },
      { kind: 'Job', namespace: 'shop', name: 'migrate' },
    ],
  };
}

/** A finding of `category` with only the fields every finding has. */
export function barestFinding(category: Category, namespace = 'shop'): Finding {
  return {
    kind: 'Pod',
    namespace,
    name: 'thing',
    workload: 'Pod/thing',
    category,
    component: 'thing',
    severity: 'low',
    summary: `${category} on thing`,
    evidence: [],
    rootCause: [],
    pods: [],
    containers: [],
    related: [],
  };
}
