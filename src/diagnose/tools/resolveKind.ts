import { READABLE_KINDS, SECRET_KINDS, readableKind, type ReadableKind } from '../../kube/readableKinds.js';
import type { PlainObject } from '../../kube/createObjectReader.js';
import type { EvidenceNames } from '../types.js';
import { ToolRefusal } from './defineTool.js';

/** The kind a tool argument names; a refusal the model can act on for a Secret or an unknown kind. */
export function resolveKind(name: string): ReadableKind {
  if (SECRET_KINDS.has(name.trim().toLowerCase())) throw new ToolRefusal('refused: Secrets are never readable by this bot; reason from the Secret names the pod spec references instead.');
  const kind = readableKind(name);
  if (kind === undefined) throw new ToolRefusal(`unknown kind "${name}"; readable kinds: ${READABLE_KINDS.map((k) => k.name).join(', ')}`);
  return kind;
}

/**
 * The namespace a call on `kind` reads: '' for cluster-scoped kinds (and for a namespaced kind
 * across all namespaces); undefined for a kind that is not read at all (`resolveKind` refuses it).
 */
export function namespaceFor(kindName: string, namespace: string | undefined): string | undefined {
  const kind = readableKind(kindName);
  if (kind === undefined) return undefined;
  return kind.namespaced ? (namespace ?? '') : '';
}

/** The names objects show, for anonymization: their own, their namespace, their node, their images and owners. */
export function namesOfObjects(objects: readonly PlainObject[]): Partial<EvidenceNames> {
  const spec = (o: PlainObject) => (o.spec ?? {}) as { nodeName?: string; containers?: { image?: string }[]; initContainers?: { image?: string }[]; template?: { spec?: { containers?: { image?: string }[] } } };
  const workloads = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'Ingress', 'HorizontalPodAutoscaler']);
  const defined = (values: (string | undefined)[]) => values.filter((v): v is string => typeof v === 'string' && v !== '');
  return {
    namespaces: defined(objects.map((o) => o.metadata?.namespace)),
    workloads: defined(objects.filter((o) => workloads.has(o.kind ?? '')).map((o) => o.metadata?.name)),
    pods: defined([
      ...objects.filter((o) => !workloads.has(o.kind ?? '') && o.kind !== 'Node').map((o) => o.metadata?.name),
      ...objects.flatMap((o) => (o.metadata?.ownerReferences ?? []).map((r) => r.name)),
    ]),
    nodes: defined([...objects.filter((o) => o.kind === 'Node').map((o) => o.metadata?.name), ...objects.map((o) => spec(o).nodeName)]),
    images: defined(objects.flatMap((o) => [...(spec(o).containers ?? []), ...(spec(o).initContainers ?? []), ...(spec(o).template?.spec?.containers ?? [])].map((c) => c.image))),
  };
}
