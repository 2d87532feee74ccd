import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { describeNodeConditions } from '../describeNodes.js';
import { defineTool } from './defineTool.js';
import { resolveKind } from './resolveKind.js';
import { parseQuantity } from './parseQuantity.js';

const format = (resource: string, value: number): string =>
  resource === 'cpu' ? `${Math.round(value * 1000)}m` : resource === 'memory' ? `${(value / 2 ** 30).toFixed(1)}Gi` : String(Math.round(value));

/** Requests of the pods on a node against what it can allocate, per resource, like `kubectl describe node`. */
function allocation(node: V1Node, pods: readonly V1Pod[]): string {
  const allocatable = node.status?.allocatable ?? {};
  return ['cpu', 'memory', 'pods']
    .map((resource) => {
      const requested =
        resource === 'pods'
          ? pods.length
          : pods.reduce((sum, pod) => sum + (pod.spec?.containers ?? []).reduce((s, c) => s + (parseQuantity(c.resources?.requests?.[resource]) || 0), 0), 0);
      const capacity = parseQuantity(allocatable[resource]);
      const share = capacity > 0 ? ` (${Math.round((requested / capacity) * 100)}%)` : '';
      return `${resource} ${format(resource, requested)} of ${Number.isNaN(capacity) ? '?' : format(resource, capacity)}${share}`;
    })
    .join(', ');
}

export const describeNodeTool = defineTool({
  name: 'describe_node',
  description: 'A node as `kubectl describe node` summarises it: conditions (pressure, readiness) with ages, taints, allocatable against what its pods request.',
  args: z.object({ name: z.string().min(1) }),
  namespaceOf: () => '',
  cite: (args) => `node ${args.name}`,
  async run(args, ctx) {
    const node = (await ctx.reader.get(resolveKind('node'), '', args.name)) as unknown as V1Node;
    const pods = ((await ctx.reader.list(resolveKind('pod'), { fieldSelector: `spec.nodeName=${args.name}` })) as unknown as V1Pod[]).filter(
      (pod) => pod.spec?.nodeName === args.name && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed',
    );
    return {
      lines: [...describeNodeConditions(node, ctx.now()), `requested: ${allocation(node, pods)}`],
      names: { nodes: [args.name] },
    };
  },
});
