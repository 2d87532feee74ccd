import type { KubeObject } from '../fakes/kube.js';

interface PlantedPod {
  metadata: { name: string; namespace: string; uid?: string };
  spec: { containers: { name: string; env?: unknown[]; command?: string[]; args?: string[] }[] };
  status: { containerStatuses: { lastState: { terminated?: { message?: string } } }[] };
}

/**
 * `objects` (wire form, not changed) with `samples` planted in every place a pod carries text:
 * env values, the container's command (as one `sh -c` script) and args (word by word), the last
 * termination message, and one Warning event each (reason `Planted<i>`). `log` is the previous
 * log to serve, one sample a line.
 */
export function plantSecrets(objects: readonly unknown[], samples: readonly string[], now: number): { objects: KubeObject[]; log: string; pod: string } {
  const copy = structuredClone(objects) as KubeObject[];
  const pods = copy.filter((o) => o.kind === 'Pod') as unknown as PlantedPod[];
  const first = pods[0];
  if (!first) throw new Error('no pod to plant secrets in');
  for (const pod of pods) {
    const container = pod.spec.containers[0];
    const status = pod.status.containerStatuses[0];
    if (!container || !status) throw new Error('pod without a container');
    container.env = samples.map((sample, i) => ({ name: `PLANTED_${i}`, value: sample }));
    container.command = ['sh', '-c', samples.join(' ; ')];
    container.args = samples.flatMap((sample) => sample.split(' '));
    status.lastState.terminated = { ...status.lastState.terminated, message: samples.join('\n') };
  }
  const { name, namespace, uid } = first.metadata;
  const events = samples.map((sample, i) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${name}.planted${i}`, namespace },
    involvedObject: { kind: 'Pod', namespace, name, uid },
    type: 'Warning',
    reason: `Planted${i}`,
    message: sample,
    count: 1,
    firstTimestamp: new Date(now - 120_000 - i * 1000).toISOString(),
    lastTimestamp: new Date(now - 60_000 - i * 1000).toISOString(),
    source: { component: 'kubelet' },
  }));
  return { objects: [...copy, ...(events as unknown as KubeObject[])], log: `${samples.join('\n')}\n`, pod: name };
}
