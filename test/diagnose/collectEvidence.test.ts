import { describe, expect, it } from 'vitest';
import { clusterShapeOf } from '../../src/diagnose/clusterShapeOf.js';
import { collectEvidence } from '../../src/diagnose/collectEvidence.js';
import type { Evidence } from '../../src/diagnose/types.js';
import { NOW, NODES, PODS, caseA, caseB, emptyCluster, logsFrom } from './seedCases.js';

const text = (evidence: Evidence, title: string): string =>
  evidence.sections.filter((s) => s.title.startsWith(title)).flatMap((s) => s.lines).join('\n');

describe('collectEvidence', () => {
  it('reads the seed case A like kubectl describe: state, last termination, folded events, previous log', async () => {
    const { snapshot, finding } = caseA([{ name: 'DB_PASSWORD', value: 'hunter2-very-secret' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } }]);
    const logs = logsFrom({ [`${PODS[0]}/ubuntu/previous`]: Array.from({ length: 80 }, (_, i) => `line ${i + 1}`).join('\n') });
    const evidence = await collectEvidence(finding, snapshot, { logs, now: () => NOW, logTailLines: 20 });

    const pod = text(evidence, 'Pod ');
    expect(pod).toContain('waiting CrashLoopBackOff');
    expect(pod).toContain('restarts 29');
    expect(pod).toMatch(/last terminated: reason Completed, exit code 0, signal -, finished 2m15s ago/);
    // Three pods' BackOff events are one line with the summed count and the span.
    const events = text(evidence, 'Events');
    expect(events.split('\n')[0]).toBe(
      `Warning BackOff pod/${PODS[0]} (+2 more) (x627 over 45m, last 4m59s ago): Back-off restarting failed container ubuntu in pod ${PODS[0]}_k8s-and-chatgpt(uid-${PODS[0]})`,
    );
    expect(events).toContain('Normal Pulled');
    // The crashed container's PREVIOUS log, tail only.
    expect(logs.asked).toEqual([`${PODS[0]}/ubuntu/previous`]);
    const log = evidence.sections.find((s) => s.title.startsWith('Previous log of container "ubuntu"'));
    expect(log?.lines).toHaveLength(20);
    expect(log?.lines.at(-1)).toBe('line 80');
    expect(log?.trim).toBe('middle');
    // Env: names only.
    const spec = text(evidence, 'Container spec');
    expect(spec).toContain('image ubuntu:20.04');
    expect(spec).toContain('requests: cpu=100m; limits: memory=128Mi');
    expect(spec).toContain('DB_PASSWORD=<redacted>');
    expect(spec).toContain('TOKEN from secret api/token');
    expect(JSON.stringify(evidence)).not.toContain('hunter2');
    expect(text(evidence, 'Workload')).toContain('deployment test-deployment: replicas 3, ready 0');
    expect(text(evidence, 'Other affected pods')).toContain(`pod ${PODS[1]}: phase Running, restarts 29, CrashLoopBackOff`);
    expect(evidence.clusterShape).toEqual({ controlPlaneNodes: 2, workerNodes: 3, kubernetesVersion: 'v1.29.4' });
    expect(evidence.names?.pods).toContain('test-deployment-f4955dc4d');
    expect(evidence.names?.images).toEqual(['ubuntu:20.04']);
  });

  it('reads no log at all with logTailLines 0 (LOG_TAIL_LINES=0 keeps logs in the cluster)', async () => {
    const { snapshot, finding } = caseA();
    const logs = logsFrom({ [`${PODS[0]}/ubuntu/previous`]: 'a line that must not leave' });
    const evidence = await collectEvidence(finding, snapshot, { logs, now: () => NOW, logTailLines: 0 });
    expect(logs.asked).toEqual([]);
    expect(evidence.sections.some((s) => s.title.includes('log'))).toBe(false);
  });

  it('cuts every line to 2,000 characters where it enters, with a note of what was cut', async () => {
    const { snapshot, finding } = caseA();
    const token = 'Zm9vYmFy'.repeat(12 * 1024);
    const logs = logsFrom({ [`${PODS[0]}/ubuntu/previous`]: `starting\n${token}` });
    const status = snapshot.pods[0]?.status?.containerStatuses?.[0];
    const terminated = status?.lastState?.terminated;
    if (!terminated) throw new Error('fixture changed');
    terminated.message = 'x'.repeat(40 * 1024);
    const event = snapshot.events[0];
    if (!event) throw new Error('fixture changed');
    event.message = `Back-off ${'a1'.repeat(20 * 1024)}`;
    const evidence = await collectEvidence(finding, snapshot, { logs, now: () => NOW });
    const lines = evidence.sections.flatMap((s) => s.lines);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(2000 + '… 99999 more chars'.length);
    expect(lines.find((line) => line.startsWith('Zm9v'))).toMatch(/^(?:Zm9vYmFy){250}… 96304 more chars$/);
    expect(lines.filter((line) => / more chars$/.test(line))).toHaveLength(3);
  });

  it('works from a dump: no log reader, no log sections', async () => {
    const { snapshot, finding } = caseA();
    const evidence = await collectEvidence(finding, snapshot, { now: () => NOW });
    expect(evidence.sections.some((s) => s.title.includes('log'))).toBe(false);
    expect(evidence.sections.length).toBeGreaterThan(3);
  });

  it('for an unbound PVC shows the claim, the missing default StorageClass, the PVs and the PVC events', async () => {
    const { snapshot, finding } = caseB();
    const evidence = await collectEvidence(finding, snapshot, { now: () => NOW });
    const storage = text(evidence, 'Storage');
    expect(storage).toContain('pvc monitoring/storage-prometheus-alertmanager-0: phase Pending, storageClassName <unset>, request 2Gi');
    expect(storage).toContain('no default StorageClass in the cluster (storage classes: slow)');
    expect(storage).toContain('persistent volumes: none in the cluster');
    const events = text(evidence, 'Events');
    expect(events).toContain('Warning FailedScheduling pod/prometheus-alertmanager-0 (x2 over 5m, last 44m ago)');
    expect(events).toContain('Normal FailedBinding persistentvolumeclaim/storage-prometheus-alertmanager-0 (x80 over 47m, last 2m11s ago): no persistent volumes available');
    // Pending and unscheduled: the nodes, in short form.
    expect(text(evidence, 'Nodes')).toContain(
      'node 3shake-k8s-master-001 [control-plane] Ready=True; allocatable cpu=2 memory=3926Mi pods=110; taints node-role.kubernetes.io/control-plane:NoSchedule; labels zone=zone-a',
    );
  });

  it('for a node case shows its conditions; a missing StorageClass is named', async () => {
    const snapshot = emptyCluster();
    snapshot.nodes = NODES.map((n) =>
      n.metadata?.name === '3shake-k8s-node-002'
        ? { ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: new Date(NOW - 600_000) }] } }
        : n,
    );
    const evidence = await collectEvidence(
      { kind: 'Node', namespace: '', name: '3shake-k8s-node-002', workload: 'Node/3shake-k8s-node-002', category: 'NodeNotReady', component: 'kubelet', severity: 'critical', summary: 'node NotReady', evidence: [], rootCause: [], pods: [], containers: [], related: [] },
      snapshot,
      { now: () => NOW },
    );
    expect(text(evidence, 'Node conditions')).toContain('Ready=Unknown NodeStatusUnknown since 10m ago: Kubelet stopped posting node status.');
  });

  it('counts control-plane nodes by either role label', () => {
    const legacy = { metadata: { name: 'm', labels: { 'node-role.kubernetes.io/master': '' } }, status: { nodeInfo: { kubeletVersion: 'v1.20.1' } } };
    expect(clusterShapeOf({ nodes: [legacy as never, ...NODES.slice(2)] })).toEqual({ controlPlaneNodes: 1, workerNodes: 3, kubernetesVersion: 'v1.29.4' });
    expect(clusterShapeOf({ nodes: [] })).toEqual({ controlPlaneNodes: 0, workerNodes: 0, kubernetesVersion: '' });
  });
});
