import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Finding } from '../../src/analyze/types.js';
import { explainWithRules, rulesTemplateVersion } from '../../src/diagnose/rules/explainWithRules.js';
import type { Diagnosis, Language } from '../../src/diagnose/types.js';
import { barestFinding, caseA, caseB, fullFinding } from './findings.js';

const LANGUAGES: Language[] = ['en', 'ja'];

/** Commands about cluster-scoped objects, across all namespaces or in kube-system carry no `-n <ns>`. */
const CLUSTER_SCOPED =
  /^kubectl (get|describe|top|cordon|uncordon|drain|patch) (nodes?|pv|storageclass|ingressclass|apiservices|csidrivers|volumeattachments|validatingwebhookconfigurations|namespace)\b|^kubectl (cordon|uncordon|drain) |\s-A\b|-n kube-system\b/;

function allText(d: Diagnosis): string[] {
  return [
    d.faultLocation,
    d.additionalInfo,
    d.explanation,
    ...d.causes,
    ...d.debugSteps.flatMap((s) => [s.text, s.command ?? '']),
    ...d.fixes.flatMap((s) => [s.text, s.command ?? '']),
  ];
}

function commands(d: Diagnosis): string[] {
  return [...d.debugSteps, ...d.fixes].flatMap((s) => (s.command === undefined ? [] : [s.command]));
}

function expectWellFormed(d: Diagnosis, finding: Finding): void {
  expect(d.faultLocation).not.toBe('');
  expect(d.additionalInfo).not.toBe('');
  expect(d.explanation).not.toBe('');
  for (const part of [d.causes, d.debugSteps, d.fixes]) {
    expect(part.length).toBeGreaterThan(0);
    expect(part.length).toBeLessThanOrEqual(5);
  }
  for (const text of allText(d)) expect(text).not.toContain('{{');
  for (const command of commands(d)) {
    expect(command).toMatch(/^kubectl /);
    // An unknown name would leave a gap: `pod  -n`, `deployment/ -n`, `-n ` at the end.
    expect(command).not.toMatch(/ {2}|\/\s|\/$|-n( |$)(-|$)|=\s|=$/);
    if (finding.namespace === '') expect(command).not.toMatch(/\s(-n|--namespace)[ =](?!kube-system\b)/);
    else if (!CLUSTER_SCOPED.test(command)) expect(command).toContain(`-n ${finding.namespace}`);
  }
}

describe('explainWithRules', () => {
  for (const language of LANGUAGES) {
    for (const category of CATEGORIES) {
      it(`${language}/${category}: all five parts, real names, no leftover placeholders`, () => {
        const full = fullFinding(category);
        expectWellFormed(explainWithRules(full, language), full);
        const barest = barestFinding(category);
        expectWellFormed(explainWithRules(barest, language), barest);
        const clusterScoped = barestFinding(category, '');
        expectWellFormed(explainWithRules(clusterScoped, language), clusterScoped);
        // No Japanese line is broken by YAML folding into "…ボリュームを 作成…".
        if (language === 'ja') {
          for (const text of allText(explainWithRules(full, language))) expect(text).not.toMatch(/[^\p{ASCII}] [^\p{ASCII}]/u);
        }
      });
    }
  }

  it('case A (en): real names in commands, and "no long-running process" as the first cause', () => {
    const d = explainWithRules(caseA, 'en');
    expect(d.faultLocation).toBe('container "ubuntu" of Deployment/test-deployment (3 pods)');
    expect(d.additionalInfo).toBe('Last terminated Completed with exit code 0, after 29 restarts.');
    expect(d.causes[0]).toMatch(/no long-running process/);
    const cmds = commands(d);
    expect(cmds).toContain('kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt -c ubuntu --previous');
    expect(cmds).toContain('kubectl describe pod test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt');
    expect(cmds).toContain('kubectl rollout undo deployment/test-deployment -n k8s-and-chatgpt');
    expect(d.fixes[0]?.text).toMatch(/long-running process/);
    expectWellFormed(d, caseA);
  });

  it('case A (ja): the seed headings language, same names', () => {
    const d = explainWithRules(caseA, 'ja');
    expect(d.faultLocation).toBe('Deployment/test-deployment のコンテナ "ubuntu"（Pod 3 個）');
    expect(d.additionalInfo).toBe('直前の終了は Completed（終了コード 0）、再起動 29 回。');
    expect(d.causes[0]).toMatch(/常駐するプロセスがありません/);
    expect(commands(d)).toContain('kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt -c ubuntu --previous');
  });

  it('a crash with a non-zero exit code does not blame a missing long-running process', () => {
    const exit1: Finding = {
      ...caseA,
      summary: 'container "ubuntu" keeps crashing',
      evidence: ['container ubuntu (pod test-deployment-f4955dc4d-95wrl): waiting CrashLoopBackOff; last terminated Error exit 1; restarts 4'],
      rootCause: [],
    };
    const d = explainWithRules(exit1, 'en');
    expect(d.causes.join('\n')).not.toMatch(/long-running/);
    expect(d.additionalInfo).toBe('Last terminated Error with exit code 1, after 4 restarts.');
  });

  it('case B: points at the claim, StorageClasses and PersistentVolumes', () => {
    for (const language of LANGUAGES) {
      const d = explainWithRules(caseB, language);
      expect(d.faultLocation).toBe('PersistentVolumeClaim storage-prometheus-alertmanager-0');
      expect(d.additionalInfo).toContain('prometheus-alertmanager-0');
      const cmds = commands(d);
      expect(cmds).toContain('kubectl describe pvc storage-prometheus-alertmanager-0 -n default');
      expect(cmds).toContain('kubectl get storageclass');
      expect(cmds).toContain('kubectl get pv');
      expect(d.causes[0]).toMatch(/StorageClass/);
      expectWellFormed(d, caseB);
    }
    expect(explainWithRules(caseB, 'en').causes[0]).toMatch(/no default/);
  });

  it('drops a step whose name is unknown, and keeps it once the name is known', () => {
    const evicted: Finding = {
      ...fullFinding('Evicted'),
      evidence: ['Warning Evicted: The node was low on resource: memory. Container app was using 1843560Ki, request is 512Mi.'],
    };
    const onNode = explainWithRules(evicted, 'en');
    expect(onNode.faultLocation).toBe('node worker-1 (evicted pods of Deployment/web)');
    expect(onNode.additionalInfo).toMatch(/^The node was low on memory\. /);
    expect(commands(onNode)).toEqual(expect.arrayContaining(['kubectl describe node worker-1', 'kubectl top node worker-1']));
    const nodeUnknown = explainWithRules({ ...evicted, related: [] }, 'en');
    expect(nodeUnknown.faultLocation).toBe('pods of Deployment/web evicted by the kubelet');
    expect(commands(nodeUnknown).filter((c) => /\bnode\b/.test(c))).toEqual([]);
    expect(commands(nodeUnknown)).toContain('kubectl describe pod web-7d4b9-abcde -n shop');

    const noContainer: Finding = { ...caseA, containers: [] };
    const d = explainWithRules(noContainer, 'en');
    expect(commands(d).some((c) => c.startsWith('kubectl logs'))).toBe(false);
    expect(d.faultLocation).toBe(caseA.component);
  });

  it('names what the evidence names: a missing StorageClass, the pod holding a volume', () => {
    const missingClass: Finding = {
      ...caseB,
      evidence: ['Warning ProvisioningFailed (x25): storageclass.storage.k8s.io "fast-ssd" not found'],
      rootCause: [],
    };
    const pvc = explainWithRules(missingClass, 'en');
    expect(pvc.causes[0]).toBe('The claim names StorageClass "fast-ssd", which does not exist.');
    // ProvisioningFailed here is the missing class, not a failing provisioner.
    expect(pvc.causes.join('\n')).not.toMatch(/provisioner failed/);
    expect(commands(pvc).some((c) => c.includes('STORAGECLASS'))).toBe(false);
    expect(explainWithRules(missingClass, 'ja').causes[0]).toBe('PVC が指定している StorageClass "fast-ssd" が存在しない。');

    const multiAttach: Finding = {
      ...fullFinding('VolumeMountFailure'),
      evidence: [
        'Warning FailedAttachVolume: Multi-Attach error for volume "pvc-0c6d2f1e" Volume is already used by pod(s) web-7d4b9-old01',
        'Warning FailedMount: Unable to attach or mount volumes: unmounted volumes=[data]: timed out waiting for the condition',
      ],
    };
    const volume = explainWithRules(multiAttach, 'en');
    expect(volume.faultLocation).toBe('volume "pvc-0c6d2f1e" of Deployment/web');
    expect(volume.causes[0]).toMatch(/^Multi-Attach/);
    expect(volume.causes.join('\n')).not.toMatch(/timed out/);
    expect(volume.fixes[0]?.command).toBe('kubectl delete pod web-7d4b9-old01 -n shop');
  });

  it('offers rollout commands only to workloads that have rollouts', () => {
    const barePod: Finding = { ...caseA, workload: 'Pod/test-pod', pods: ['test-pod'], name: 'test-pod' };
    const cmds = commands(explainWithRules(barePod, 'en'));
    expect(cmds.some((c) => c.includes('rollout'))).toBe(false);
    expect(cmds).toContain('kubectl logs test-pod -n k8s-and-chatgpt -c ubuntu --previous');
  });

  it('writes cluster-scoped commands without -n for a node', () => {
    const node: Finding = {
      kind: 'Node',
      namespace: '',
      name: 'worker-2',
      workload: 'Node/worker-2',
      category: 'NodeNotReady',
      component: 'node worker-2',
      severity: 'critical',
      summary: 'Node worker-2 is NotReady',
      evidence: ['Ready=Unknown NodeStatusUnknown: Kubelet stopped posting node status.'],
      rootCause: ['Ready=Unknown NodeStatusUnknown: Kubelet stopped posting node status.'],
      pods: [],
      containers: [],
      related: [],
    };
    const d = explainWithRules(node, 'en');
    expect(d.faultLocation).toBe('node worker-2');
    expect(commands(d)).toContain('kubectl describe node worker-2');
    expect(commands(d)).toContain('kubectl cordon worker-2');
    expectWellFormed(d, node);
  });

  it('fills names captured from the evidence, shell-quoting only what needs it', () => {
    const config: Finding = {
      ...fullFinding('CreateContainerConfigError'),
      evidence: ['Error: secret "db-credentials" not found'],
    };
    const d = explainWithRules(config, 'en');
    expect(d.faultLocation).toBe('Secret "db-credentials" referenced by Deployment/web');
    expect(commands(d)).toContain('kubectl describe secret db-credentials -n shop');
    // The ConfigMap is unknown, so its steps are dropped.
    expect(commands(d).some((c) => c.includes('describe configmap'))).toBe(false);

    const odd: Finding = { ...fullFinding('Other'), pods: ["we'ird pod"] };
    expect(commands(explainWithRules(odd, 'en'))).toContain(`kubectl describe pod 'we'\\''ird pod' -n shop`);
  });

  it('quotes long evidence cut to a phone-sized length', () => {
    const long: Finding = { ...fullFinding('AdmissionDenied'), evidence: [`Error creating: ${'violates PodSecurity '.repeat(40)}`] };
    const d = explainWithRules(long, 'en');
    expect(d.additionalInfo.length).toBeLessThanOrEqual(300);
    expect(d.additionalInfo).toMatch(/^Error creating: violates PodSecurity .*…$/);
  });

  it('has a stable version for cache keys', () => {
    expect(rulesTemplateVersion()).toMatch(/^rules-[0-9a-f]{12}$/);
    expect(rulesTemplateVersion()).toBe(rulesTemplateVersion());
  });
});
