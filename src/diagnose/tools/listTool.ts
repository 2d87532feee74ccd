import { z } from 'zod';
import { defineTool } from './defineTool.js';
import { namesOfObjects, namespaceFor, resolveKind } from './resolveKind.js';
import { summarizeObject } from './summarizeObject.js';

/** Items shown; a longer list ends with how many were left out. */
const MAX_ITEMS = 50;

export const listTool = defineTool({
  name: 'list',
  description:
    'List objects of one kind in a namespace (optionally by label selector), one line of status each, like `kubectl get`. ' +
    'Kinds as for `get`. Use it to find names, e.g. the pods of a deployment with its label selector.',
  args: z.object({
    kind: z.string().min(1),
    namespace: z.string().optional().describe('omit for cluster-scoped kinds'),
    labelSelector: z.string().optional().describe('e.g. app=web'),
  }),
  namespaceOf: (args) => namespaceFor(args.kind, args.namespace),
  cite: (args) => `list of ${args.kind.toLowerCase()}${args.labelSelector ? ` (${args.labelSelector})` : ''}${args.namespace ? ` in ${args.namespace}` : ''}`,
  async run(args, ctx) {
    const kind = resolveKind(args.kind);
    const items = await ctx.reader.list(kind, { ...(args.namespace ? { namespace: args.namespace } : {}), ...(args.labelSelector ? { labelSelector: args.labelSelector } : {}) });
    if (items.length === 0) return { lines: [`no ${kind.name} found`] };
    const shown = items.slice(0, MAX_ITEMS);
    return {
      lines: [...shown.map(summarizeObject), ...(items.length > MAX_ITEMS ? [`… ${items.length - MAX_ITEMS} more ${kind.name}s`] : [])],
      names: namesOfObjects(shown),
    };
  },
});
