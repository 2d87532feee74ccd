import type { V1ControllerRevision, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { z } from 'zod';
import { rolloutHistory, type RolloutKind } from '../../analyze/rolloutHistory.js';
import type { PlainObject } from '../../kube/createObjectReader.js';
import { formatAge } from '../formatAge.js';
import { defineTool } from './defineTool.js';
import { redactCommands } from './redactCommands.js';
import { namesOfObjects, resolveKind } from './resolveKind.js';

const MAX_REVISIONS = 10;
const KINDS: Readonly<Record<'deployment' | 'statefulset' | 'daemonset', RolloutKind>> = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' };

/** The images of the template a revision holds, for the first revision shown (it has no "before"). */
function imagesOf(held: PlainObject | undefined): string {
  const template =
    held?.kind === 'ReplicaSet'
      ? (held.spec as { template?: V1PodTemplateSpec } | undefined)?.template
      : (held?.data as { spec?: { template?: V1PodTemplateSpec } } | undefined)?.spec?.template;
  return [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])].map((c) => `${c.name}=${c.image ?? '-'}`).join(', ') || '-';
}

export const rolloutHistoryTool = defineTool({
  name: 'rollout_history',
  description:
    'The revisions of a deployment, statefulset or daemonset, oldest first, with when each was created and what changed from the one before ' +
    '(images, env variable names, command/args, resources, volumes). Answers "what changed in the last rollout?".',
  args: z.object({ kind: z.enum(['deployment', 'statefulset', 'daemonset']), namespace: z.string().min(1), name: z.string().min(1) }),
  namespaceOf: (args) => args.namespace,
  cite: (args) => `rollout history of ${args.kind}/${args.name}`,
  async run(args, ctx) {
    const holder = resolveKind(args.kind === 'deployment' ? 'replicaset' : 'controllerrevision');
    // Command lines are shown in the changes: a secret after `--password` goes before the diff sees it.
    const read = (await ctx.reader.list(holder, { namespace: args.namespace })).map((o) => redactCommands(o) as PlainObject);
    const revisions = rolloutHistory(
      { kind: KINDS[args.kind], namespace: args.namespace, name: args.name },
      args.kind === 'deployment'
        ? { replicaSets: read as unknown as V1ReplicaSet[], controllerRevisions: [] }
        : { replicaSets: [], controllerRevisions: read as unknown as V1ControllerRevision[] },
    );
    if (revisions.length === 0) return { lines: [`no revisions of ${args.kind}/${args.name} found in ${args.namespace}`] };
    const shown = revisions.slice(-MAX_REVISIONS);
    const lines: string[] = revisions.length > shown.length ? [`… ${revisions.length - shown.length} older revisions`] : [];
    shown.forEach((rev, i) => {
      const created = rev.createdAt > 0 ? `, created ${formatAge(ctx.now() - rev.createdAt)} ago` : '';
      lines.push(`revision ${rev.revision}${created} (${rev.source.kind.toLowerCase()} ${rev.source.name})`);
      if (i === 0) lines.push(`  images ${imagesOf(read.find((o) => o.metadata?.name === rev.source.name))}`);
      else lines.push(...(rev.changes.length > 0 ? rev.changes : ['no change in images, env, command/args, resources or volumes']).map((change) => `  ${change}`));
    });
    return { lines, names: namesOfObjects(read.filter((o) => revisions.some((r) => r.source.name === o.metadata?.name))) };
  },
});
