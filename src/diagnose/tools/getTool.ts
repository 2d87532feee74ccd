import { stringify } from 'yaml';
import { z } from 'zod';
import type { PlainObject } from '../../kube/createObjectReader.js';
import { redactObject } from '../redact.js';
import { defineTool, ToolRefusal } from './defineTool.js';
import { namesOfObjects, namespaceFor, resolveKind } from './resolveKind.js';

/** Metadata nobody debugs with: bookkeeping and whole copies of the object. */
const NOISE = ['managedFields', 'resourceVersion', 'uid', 'selfLink', 'generation'];
const NOISY_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas'];

/** The object without its noise, ConfigMap values, env values, command-line secrets and other secrets redacted. */
export function cleanObject(object: PlainObject): PlainObject {
  const metadata = Object.fromEntries(Object.entries(object.metadata ?? {}).filter(([key]) => !NOISE.includes(key)));
  const annotations = Object.fromEntries(Object.entries(object.metadata?.annotations ?? {}).filter(([key]) => !NOISY_ANNOTATIONS.includes(key)));
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return redactObject({ ...object, metadata });
}

export const getTool = defineTool({
  name: 'get',
  description:
    'Read one Kubernetes object as YAML (status included, bookkeeping removed; ConfigMap and env values are redacted). ' +
    'Kinds: pod, deployment, statefulset, daemonset, replicaset, job, cronjob, service, endpointslice, ingress, hpa, configmap, pvc, pv, storageclass, node, event. ' +
    'Omit namespace for cluster-scoped kinds (node, pv, storageclass).',
  args: z.object({
    kind: z.string().min(1).describe('e.g. deployment, pod, service, hpa'),
    namespace: z.string().optional().describe('the namespace; omit for nodes, pv, storageclass'),
    name: z.string().min(1),
  }),
  namespaceOf: (args) => namespaceFor(args.kind, args.namespace),
  cite: (args) => `${args.kind.toLowerCase()}/${args.name}`,
  async run(args, ctx) {
    const kind = resolveKind(args.kind);
    if (kind.namespaced && !args.namespace) throw new ToolRefusal(`a ${kind.name} is namespaced: give its namespace`);
    const object = await ctx.reader.get(kind, args.namespace ?? '', args.name);
    return { lines: stringify(cleanObject(object), { lineWidth: 0 }).trimEnd().split('\n'), names: namesOfObjects([object]) };
  },
});
