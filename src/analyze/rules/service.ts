import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatLabels } from '../matchLabels.js';
import type { ObjectRef } from '../types.js';
import { ingressBackends } from './ingress.js';
import { indexIssuesByPod, mention, type Issue } from './Issue.js';
import { containerStateLines } from './podEvidence.js';
import { causesOfPods, nearMisses, serviceBackends } from './serviceBackends.js';
import { webhooksByService } from './webhook.js';

const MAX_PODS = 3;

function podLine(pod: V1Pod): string {
  return `pod ${pod.metadata?.name ?? ''}: phase ${pod.status?.phase ?? 'Unknown'}, not ready, labels ${formatLabels(pod.metadata?.labels) || '(none)'}`;
}

/**
 * Services with a selector and no ready endpoint: the site is down while pods may look fine.
 * When the matching pods fail for a reason of their own (or their node is down), that finding
 * is the root cause and names the Service; otherwise the Service's finding names its selector
 * and the nearest pods. Services behind a fail-closed webhook are the webhook's finding.
 */
export function serviceIssues(ctx: AnalysisContext, found: readonly Issue[]): Issue[] {
  const byPod = indexIssuesByPod(found);
  const webhooks = webhooksByService(ctx.snapshot);
  const routes = new Map<string, string[]>();
  for (const ingress of ctx.snapshot.ingresses) {
    const ns = ingress.metadata?.namespace ?? '';
    for (const backend of new Set(ingressBackends(ingress).map((b) => b.service.name))) {
      const key = `${ns}/${backend}`;
      routes.set(key, [...(routes.get(key) ?? []), ingress.metadata?.name ?? '']);
    }
  }
  const issues: Issue[] = [];
  for (const service of ctx.snapshot.services) {
    const ns = service.metadata?.namespace ?? '';
    const name = service.metadata?.name ?? '';
    if ((webhooks.get(`${ns}/${name}`) ?? []).some((e) => e.webhook.failurePolicy !== 'Ignore')) continue;
    const backends = serviceBackends(service, ctx);
    if (backends === undefined || backends.ready > 0) continue;
    const ref: ObjectRef = { kind: 'Service', namespace: ns, name };
    const ingresses = routes.get(`${ns}/${name}`) ?? [];
    const via = ingresses.length > 0 ? `, behind Ingress ${ingresses.join(', ')}` : '';
    const headline = `Service ${name}: no ready endpoint; selector ${backends.selector} matches ${backends.pods.length} pod${backends.pods.length === 1 ? '' : 's'}${via}`;
    const causes = causesOfPods([...backends.pods, ...backends.gone], byPod);
    if (causes.length > 0) {
      for (const cause of causes) mention(cause, headline, ref, `Service ${name} has no ready endpoint`);
      continue;
    }
    const shown = backends.pods.slice(0, MAX_PODS);
    const near = backends.pods.length === 0 ? nearMisses(service.spec?.selector ?? {}, ctx.podsInNamespace(ns)) : [];
    const ports = (service.spec?.ports ?? []).map((p) => `${p.port}→${String(p.targetPort ?? p.port)}`).join(', ');
    issues.push({
      category: 'ServiceNoEndpoints',
      subject: ref,
      workload: `Service/${name}`,
      pods: backends.pods.map((p) => p.metadata?.name ?? ''),
      containers: [],
      rootCause: [
        headline,
        ...(backends.pods.length === 0 ? [`no pod in namespace ${ns} has labels ${backends.selector}`] : shown.map(podLine)),
      ],
      evidence: [
        ...backends.endpointLines,
        ...near.map((p) => `nearest pod ${p.metadata?.name ?? ''}: labels ${formatLabels(p.metadata?.labels)}`),
        ...shown.flatMap(containerStateLines),
        `Service ${name}: type ${service.spec?.type ?? 'ClusterIP'}, ports ${ports || '-'}`,
      ],
      related: [...ingresses.map((r): ObjectRef => ({ kind: 'Ingress', namespace: ns, name: r })), ...near.map((p): ObjectRef => ({ kind: 'Pod', namespace: ns, name: p.metadata?.name ?? '' }))],
      detail: backends.pods.length === 0 ? `selector ${backends.selector} matches no pod` : `${backends.pods.length} matching pod${backends.pods.length === 1 ? '' : 's'}, none ready`,
    });
  }
  return issues;
}
