import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { z } from 'zod';
import type { PlainObject } from '../../kube/createObjectReader.js';
import { formatAge, toMillis } from '../formatAge.js';
import { defineTool } from './defineTool.js';
import { namesOfObjects, resolveKind } from './resolveKind.js';
import { templateChanges, templateImages } from './templateChanges.js';

const MAX_REVISIONS = 10;
const KINDS = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' } as const;

interface Revision {
  revision: number;
  created: string | undefined;
  source: string;
  template: V1PodTemplateSpec | undefined;
}

const ownedBy = (object: PlainObject, kind: string, name: string): boolean =>
  (object.metadata?.ownerReferences ?? []).some((owner) => owner.kind === kind && owner.name === name);

export const rolloutHistoryTool = defineTool({
  name: 'rollout_history',
  description:
    'The revisions of a deployment, statefulset or daemonset, oldest first, with when each was created and what changed from the one before ' +
    '(images, env variable names, command/args, resources). Answers "what changed in the last rollout?".',
  args: z.object({ kind: z.enum(['deployment', 'statefulset', 'daemonset']), namespace: z.string().min(1), name: z.string().min(1) }),
  namespaceOf: (args) => args.namespace,
  cite: (args) => `rollout history of ${args.kind}/${args.name}`,
  async run(args, ctx) {
    const owner = KINDS[args.kind];
    let revisions: Revision[];
    let read: PlainObject[];
    if (args.kind === 'deployment') {
      read = (await ctx.reader.list(resolveKind('replicaset'), { namespace: args.namespace })).filter((rs) => ownedBy(rs, owner, args.name));
      revisions = read.map((rs) => {
        const spec = rs.spec as { template?: V1PodTemplateSpec; replicas?: number } | undefined;
        const status = rs.status as { readyReplicas?: number } | undefined;
        return {
          revision: Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
          created: rs.metadata?.creationTimestamp as string | undefined,
          source: `replicaset ${rs.metadata?.name ?? ''}, ready ${status?.readyReplicas ?? 0}/${spec?.replicas ?? 0}`,
          template: spec?.template,
        };
      });
    } else {
      read = (await ctx.reader.list(resolveKind('controllerrevision'), { namespace: args.namespace })).filter((cr) => ownedBy(cr, owner, args.name));
      revisions = read.map((cr) => ({
        revision: Number(cr.revision ?? 0),
        created: cr.metadata?.creationTimestamp as string | undefined,
        source: `controllerrevision ${cr.metadata?.name ?? ''}`,
        template: (cr.data as { spec?: { template?: V1PodTemplateSpec } } | undefined)?.spec?.template,
      }));
    }
    if (revisions.length === 0) return { lines: [`no revisions of ${args.kind}/${args.name} found in ${args.namespace}`] };
    revisions.sort((a, b) => a.revision - b.revision);
    const shown = revisions.slice(-MAX_REVISIONS);
    const lines: string[] = revisions.length > shown.length ? [`… ${revisions.length - shown.length} older revisions`] : [];
    shown.forEach((rev, i) => {
      const created = toMillis(rev.created);
      lines.push(`revision ${rev.revision}${created === undefined ? '' : `, created ${formatAge(ctx.now() - created)} ago`} (${rev.source})`);
      const before = i > 0 ? shown[i - 1] : undefined;
      lines.push(...(before === undefined ? [`  images ${templateImages(rev.template)}`] : templateChanges(before.template, rev.template).map((change) => `  ${change}`)));
    });
    return { lines, names: namesOfObjects(read) };
  },
});
