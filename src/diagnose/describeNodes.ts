import type { V1Node } from '@kubernetes/client-node';
import { formatAge, toMillis } from './formatAge.js';

/** Labels that say nothing for scheduling (every node has them, or they repeat the name). */
const NOISE_LABEL = /^(?:kubernetes\.io\/(?:hostname|os|arch)|beta\.kubernetes\.io\/|node\.kubernetes\.io\/exclude)/;
const MAX_LABELS = 6;

/** What the scheduler sees of a node, in short form. */
function capacityFacts(node: V1Node): string {
  const allocatable = Object.entries(node.status?.allocatable ?? {})
    .filter(([name]) => ['cpu', 'memory', 'pods', 'ephemeral-storage'].includes(name) || name.includes('/'))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const taints = (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  const labels = Object.entries(node.metadata?.labels ?? {})
    .filter(([key]) => !NOISE_LABEL.test(key) && !key.startsWith('node-role.kubernetes.io/'))
    .slice(0, MAX_LABELS)
    .map(([key, value]) => `${key.replace(/^topology\.kubernetes\.io\//, '')}=${value}`);
  return `allocatable ${allocatable || '-'}; taints ${taints.join(', ') || '-'}; labels ${labels.join(', ') || '-'}`;
}

/** One line per node: role, readiness, allocatable, taints and the labels that matter. */
export function describeNodeCapacity(node: V1Node): string {
  const roles = Object.keys(node.metadata?.labels ?? {})
    .filter((key) => key.startsWith('node-role.kubernetes.io/'))
    .map((key) => key.slice('node-role.kubernetes.io/'.length));
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
  return (
    `node ${node.metadata?.name ?? ''} [${roles.join(',') || 'worker'}] Ready=${ready}` +
    `${node.spec?.unschedulable ? ' cordoned' : ''}; ${capacityFacts(node)}`
  );
}

/** Every condition of a node, with reason, message and how long it has held. */
export function describeNodeConditions(node: V1Node, now: number): string[] {
  const lines = [`node ${node.metadata?.name ?? ''}${node.spec?.unschedulable ? ' (cordoned)' : ''}: ${capacityFacts(node)}`];
  for (const condition of node.status?.conditions ?? []) {
    const since = toMillis(condition.lastTransitionTime);
    lines.push(
      `  ${condition.type}=${condition.status}${condition.reason ? ` ${condition.reason}` : ''}` +
        (since !== undefined ? ` since ${formatAge(now - since)} ago` : '') +
        (condition.message ? `: ${condition.message}` : ''),
    );
  }
  return lines;
}
