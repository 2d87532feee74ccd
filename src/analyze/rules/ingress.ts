import type { V1Ingress, V1IngressServiceBackend } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { ObjectRef } from '../types.js';
import type { Issue } from './Issue.js';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

/** Every Service backend of an Ingress: the default backend, then each rule's paths. */
export function ingressBackends(ingress: V1Ingress): { path: string; service: V1IngressServiceBackend }[] {
  const out: { path: string; service: V1IngressServiceBackend }[] = [];
  const fallback = ingress.spec?.defaultBackend?.service;
  if (fallback !== undefined) out.push({ path: 'defaultBackend', service: fallback });
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      if (path.backend.service !== undefined) out.push({ path: `${rule.host ?? '*'}${path.path ?? '/'}`, service: path.backend.service });
    }
  }
  return out;
}

function portText(backend: V1IngressServiceBackend): string {
  return backend.port?.name ?? String(backend.port?.number ?? '?');
}

/** Why a backend cannot be reached, or undefined when its Service and port exist. */
function backendProblem(ctx: AnalysisContext, ns: string, backend: V1IngressServiceBackend): string | undefined {
  const service = ctx.get('services', ns, backend.name);
  if (service === undefined) return `Service "${backend.name}" does not exist in namespace ${ns}`;
  const ports = service.spec?.ports ?? [];
  const wanted = backend.port;
  const found = ports.some((p) => (wanted?.name !== undefined ? p.name === wanted.name : p.port === wanted?.number));
  if (found) return undefined;
  const offered = ports.map((p) => `${p.name !== undefined ? `${p.name}:` : ''}${p.port}`).join(', ');
  return `Service "${backend.name}" has no port ${portText(backend)} (ports: ${offered || 'none'})`;
}

/** The IngressClass problem, judged only when the snapshot holds IngressClasses (else they were not read). */
function classProblem(ctx: AnalysisContext, ingress: V1Ingress): string | undefined {
  const classes = ctx.snapshot.ingressClasses;
  if (classes.length === 0) return undefined;
  const name = ingress.spec?.ingressClassName ?? ingress.metadata?.annotations?.[CLASS_ANNOTATION];
  if (name === undefined) {
    const hasDefault = classes.some((c) => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
    return hasDefault ? undefined : `no ingressClassName and no default IngressClass (classes: ${classes.map((c) => c.metadata?.name ?? '').join(', ')})`;
  }
  return classes.some((c) => c.metadata?.name === name)
    ? undefined
    : `IngressClass "${name}" does not exist (classes: ${classes.map((c) => c.metadata?.name ?? '').join(', ')})`;
}

/**
 * Ingresses that route to nothing: a backend Service or port that does not exist (judged when
 * the snapshot holds Services), or an IngressClass that does not exist (judged when it holds
 * IngressClasses). A backend whose Service has no endpoints is the Service's finding.
 */
export function ingressIssues(ctx: AnalysisContext): Issue[] {
  const issues: Issue[] = [];
  const judgeServices = ctx.snapshot.services.length > 0;
  for (const ingress of ctx.snapshot.ingresses) {
    const ns = ingress.metadata?.namespace ?? '';
    const name = ingress.metadata?.name ?? '';
    const problems: string[] = [];
    const related: ObjectRef[] = [];
    const cls = classProblem(ctx, ingress);
    if (cls !== undefined) problems.push(`Ingress ${name}: ${cls}`);
    if (judgeServices) {
      for (const { path, service } of ingressBackends(ingress)) {
        const problem = backendProblem(ctx, ns, service);
        if (problem === undefined) continue;
        problems.push(`Ingress ${name} ${path} → ${service.name}:${portText(service)}: ${problem}`);
        related.push({ kind: 'Service', namespace: ns, name: service.name });
      }
    }
    if (problems.length === 0) continue;
    const events = ctx.events.about('Ingress', ns, name, ingress.metadata?.uid).filter((e) => e.type === 'Warning');
    issues.push({
      category: 'IngressMisconfigured',
      subject: { kind: 'Ingress', namespace: ns, name },
      workload: `Ingress/${name}`,
      pods: [],
      containers: [],
      rootCause: [...new Set(problems)],
      evidence: [...new Set(events.map(formatEvent))].slice(0, 3),
      related,
      detail: problems[0]?.replace(/^Ingress \S+ /, '') ?? '',
    });
  }
  return issues;
}
