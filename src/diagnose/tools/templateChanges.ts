import type { V1Container, V1PodTemplateSpec } from '@kubernetes/client-node';
import { redactArgv } from '../redact.js';

const flat = (resources: V1Container['resources']): Map<string, string> =>
  new Map(
    (['requests', 'limits'] as const).flatMap((group) => Object.entries(resources?.[group] ?? {}).map(([name, value]): [string, string] => [`${group}.${name}`, String(value)])),
  );

/** What changed in a container: image, env names (never values), command/args (redacted), resources. */
function containerChanges(before: V1Container, after: V1Container): string[] {
  const out: string[] = [];
  const name = after.name;
  if (before.image !== after.image) out.push(`image of ${name}: ${before.image ?? '-'} → ${after.image ?? '-'}`);
  const envBefore = new Set((before.env ?? []).map((e) => e.name));
  const envAfter = new Set((after.env ?? []).map((e) => e.name));
  const added = [...envAfter].filter((e) => !envBefore.has(e));
  const removed = [...envBefore].filter((e) => !envAfter.has(e));
  if (added.length + removed.length > 0) out.push(`env of ${name}: ${[...added.map((e) => `+${e}`), ...removed.map((e) => `-${e}`)].join(' ')}`);
  const argv = (c: V1Container) => JSON.stringify(redactArgv([...(c.command ?? []), ...(c.args ?? [])]));
  if (argv(before) !== argv(after)) out.push(`command/args of ${name}: ${argv(before)} → ${argv(after)}`);
  const rb = flat(before.resources);
  const ra = flat(after.resources);
  const keys = [...new Set([...rb.keys(), ...ra.keys()])].sort();
  const changed = keys.filter((key) => rb.get(key) !== ra.get(key)).map((key) => `${key} ${rb.get(key) ?? '-'} → ${ra.get(key) ?? '-'}`);
  if (changed.length > 0) out.push(`resources of ${name}: ${changed.join(', ')}`);
  return out;
}

/** The changes between two pod templates that usually explain a broken rollout. */
export function templateChanges(before: V1PodTemplateSpec | undefined, after: V1PodTemplateSpec | undefined): string[] {
  const containers = (t: V1PodTemplateSpec | undefined) => [...(t?.spec?.initContainers ?? []), ...(t?.spec?.containers ?? [])];
  const old = new Map(containers(before).map((c) => [c.name, c]));
  const out: string[] = [];
  for (const container of containers(after)) {
    const previous = old.get(container.name);
    if (previous === undefined) out.push(`container ${container.name} added (image ${container.image ?? '-'})`);
    else out.push(...containerChanges(previous, container));
    old.delete(container.name);
  }
  for (const name of old.keys()) out.push(`container ${name} removed`);
  return out.length > 0 ? out : ['no change in images, env names, command/args or resources (labels, annotations or volumes may differ)'];
}

/** The images of a template, for the first revision shown. */
export const templateImages = (template: V1PodTemplateSpec | undefined): string =>
  [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])].map((c) => `${c.name}=${c.image ?? '-'}`).join(', ');
