import type { V1Node } from '@kubernetes/client-node';
import { formatAge, toMillis } from './formatAge.js';

/** Labels that say nothing for scheduling (every node has them, or they repeat the name). */
const NOISE_LABEL = /^(?:kubernetes\.io\/(?:hostname|os|arch)|beta\.kubernetes\.io\/|node\.kubernetes\.io\/exclude)/;
const MAX_LABELS = 6;

/** One line per node: role, readiness, allocatable, taints and the labels that matter. */
export function describeNodeCapacity(node: V1Node): string {
  const labels = Object.entries(node.metadata?.labels ?? {}).filter(([key]) => !NOISE_LABEL.test(key));
  const roles = labels.filter(([key]) => key.startsWith('node-role.kubernetes.io/')).map(([key]) => key.slice(24));
  const other = labels
    .filter(([key]) => !key.startsWith('node-role.kubernetes.io/'))
    .slice(0, MAX_LABELS)
    .map(([key, value]) => `${key.replace(/^topology\.kubernetes\.io\//, '')}=${value}`);
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
  const allocatable = Object.entries(node.status?.allocatable ?? {})
    .filter(([name]) => ['cpu', 'memory', 'pods', 'ephemeral-storage'].includes(name) || name.includes('/'))
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const taints = (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  return (
    `node ${node.metadata?.name ?? ''} [${roles.join(',') || 'worker'}] Ready=${ready}` +
    `${node.spec?.unschedulable ? ' cordoned' : ''}; allocatable ${allocatable || '-'}; ` +
    `taints ${taints.join(', ') || '-'}; labels ${other.join(', ') || '-'}`
  );
}

/** Every condition of a node, with reason, message and how long it has held. */
export function describeNodeConditions(node: V1Node, now: number): string[] {
  const lines = [`node ${node.metadata?.name ?? ''}: ${describeNodeCapacity(node).split('; ').slice(1).join('; ')}`];
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
