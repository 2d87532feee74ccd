import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { LOG_LIMIT_BYTES } from '../collectEvidence.js';
import { defineTool, ToolRefusal } from './defineTool.js';
import { resolveKind } from './resolveKind.js';

const MAX_TAIL_LINES = 500;

/** The container a question most likely means: the only one, else the one that restarted or waits, else the first. */
function defaultContainer(pod: V1Pod): string | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const troubled = statuses.find((s) => s.restartCount > 0 || s.state?.waiting !== undefined || (s.state?.terminated?.exitCode ?? 0) !== 0);
  return troubled?.name ?? pod.spec?.containers[0]?.name;
}

export const logsTool = defineTool({
  name: 'logs',
  description:
    'The last lines of a container log of a pod; previous=true reads the instance that crashed before the current one (what `kubectl logs --previous` shows). ' +
    'Without container, the one that restarts or fails (or the only one).',
  args: z.object({
    namespace: z.string().min(1),
    pod: z.string().min(1),
    container: z.string().optional(),
    previous: z.boolean().optional(),
    tailLines: z.number().int().min(1).max(MAX_TAIL_LINES).optional().describe(`default 100, at most ${MAX_TAIL_LINES}`),
  }),
  namespaceOf: (args) => args.namespace,
  cite: (args) => `logs of ${args.pod}${args.container ? `/${args.container}` : ''}${args.previous ? ' (previous)' : ''}`,
  async run(args, ctx) {
    const pod = (await ctx.reader.get(resolveKind('pod'), args.namespace, args.pod)) as unknown as V1Pod;
    const container = args.container ?? defaultContainer(pod);
    const names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
    if (container === undefined || !names.includes(container)) throw new ToolRefusal(`pod ${args.pod} has no container "${container ?? ''}"; its containers: ${names.join(', ')}`);
    const text = await ctx.logs.readLog({ namespace: args.namespace, pod: args.pod, container, previous: args.previous ?? false, tailLines: args.tailLines ?? 100, limitBytes: LOG_LIMIT_BYTES });
    const lines = text.replace(/\s+$/, '').split('\n');
    const empty = lines.length === 1 && lines[0] === '';
    return {
      lines: [`container ${container}${args.previous ? ' (previous instance)' : ''}:`, ...(empty ? ['(no log lines)'] : lines)],
      keep: 'tail',
      names: { pods: [args.pod], namespaces: [args.namespace] },
    };
  },
});
