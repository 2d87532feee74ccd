import type { CoreV1Event } from '@kubernetes/client-node';
import { z } from 'zod';
import { readableKind } from '../../kube/readableKinds.js';
import { eventsAbout, formatEvents } from '../formatEvents.js';
import { defineTool } from './defineTool.js';
import { namespaceFor, resolveKind } from './resolveKind.js';

export const eventsTool = defineTool({
  name: 'events',
  description: 'The events of one object (any readable kind), folded like `kubectl describe` shows them: warnings first, with counts and ages.',
  args: z.object({
    kind: z.string().min(1).describe('e.g. pod, deployment, node, pvc'),
    namespace: z.string().optional().describe('omit for nodes and other cluster-scoped kinds'),
    name: z.string().min(1),
  }),
  namespaceOf: (args) => namespaceFor(args.kind, args.namespace),
  cite: (args) => `events of ${(readableKind(args.kind)?.name ?? args.kind).toLowerCase()}/${args.name}`,
  async run(args, ctx) {
    const kind = resolveKind(args.kind);
    const events = resolveKind('event');
    const namespace = kind.namespaced ? (args.namespace ?? '') : '';
    // Node events live in `default` (or no namespace): for cluster-scoped kinds look everywhere.
    const listed = await ctx.reader.list(events, { ...(namespace ? { namespace } : {}), fieldSelector: `involvedObject.name=${args.name}` });
    const about = eventsAbout(listed as unknown as CoreV1Event[], [{ kind: kind.kind, namespace, name: args.name }]);
    const lines = formatEvents(about, ctx.now());
    return { lines: lines.length > 0 ? lines : [`no events of ${kind.name}/${args.name} (events expire after an hour by default)`] };
  },
});
