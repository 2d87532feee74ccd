import type { V1MutatingWebhook, V1ValidatingWebhook } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import type { ClusterSnapshot, ObjectRef } from '../types.js';
import { indexIssuesByPod, mention, type Issue } from './Issue.js';
import { causesOfPods, serviceBackends } from './serviceBackends.js';

/** One webhook of a Validating- or MutatingWebhookConfiguration. */
export interface WebhookEntry {
  config: ObjectRef;
  webhook: V1ValidatingWebhook | V1MutatingWebhook;
}

/** The webhook a kube-apiserver error names: `failed calling webhook "validate.nginx.ingress.kubernetes.io"`. */
const CALLED = /failed calling webhook "([^"]+)"/;

function entries(snapshot: ClusterSnapshot): WebhookEntry[] {
  const out: WebhookEntry[] = [];
  const add = (kind: string, configs: { metadata?: { name?: string }; webhooks?: (V1ValidatingWebhook | V1MutatingWebhook)[] }[]): void => {
    for (const config of configs) {
      for (const webhook of config.webhooks ?? []) out.push({ config: { kind, namespace: '', name: config.metadata?.name ?? '' }, webhook });
    }
  };
  add('ValidatingWebhookConfiguration', snapshot.validatingWebhookConfigurations);
  add('MutatingWebhookConfiguration', snapshot.mutatingWebhookConfigurations);
  return out;
}

/** Webhooks by the Service they call (`namespace/name`). */
export function webhooksByService(snapshot: ClusterSnapshot): Map<string, WebhookEntry[]> {
  const out = new Map<string, WebhookEntry[]>();
  for (const entry of entries(snapshot)) {
    const service = entry.webhook.clientConfig.service;
    if (service === undefined) continue;
    const key = `${service.namespace}/${service.name}`;
    out.set(key, [...(out.get(key) ?? []), entry]);
  }
  return out;
}

/** `CREATE,UPDATE pods,deployments` for the operations and resources a webhook intercepts. */
function interceptLine(entry: WebhookEntry): string {
  const rules = entry.webhook.rules ?? [];
  const operations = [...new Set(rules.flatMap((r) => r.operations ?? []))].join(',');
  const resources = [...new Set(rules.flatMap((r) => r.resources ?? []))].join(',');
  const service = entry.webhook.clientConfig.service;
  const target = service !== undefined ? `Service ${service.namespace}/${service.name}:${service.port ?? 443}` : (entry.webhook.clientConfig.url ?? '?');
  return `${entry.config.kind} ${entry.config.name}: webhook "${entry.webhook.name}" → ${target}, failurePolicy ${entry.webhook.failurePolicy ?? 'Fail'}, timeoutSeconds ${entry.webhook.timeoutSeconds ?? 10}, intercepts ${operations || '-'} ${resources || '-'}`;
}

/** What stands behind the webhook a message names: its configuration and its Service's endpoints. */
export function describeCalledWebhook(ctx: AnalysisContext, message: string): { lines: string[]; related: ObjectRef[] } {
  const name = CALLED.exec(message)?.[1];
  const entry = name === undefined ? undefined : entries(ctx.snapshot).find((e) => e.webhook.name === name);
  if (entry === undefined) return { lines: [], related: [] };
  const lines = [interceptLine(entry)];
  const related: ObjectRef[] = [entry.config];
  const target = entry.webhook.clientConfig.service;
  if (target !== undefined) {
    related.push({ kind: 'Service', namespace: target.namespace, name: target.name });
    const service = ctx.get('services', target.namespace, target.name);
    const backends = service === undefined ? undefined : serviceBackends(service, ctx);
    if (service === undefined && ctx.snapshot.services.length > 0) lines.push(`Service ${target.namespace}/${target.name} does not exist`);
    if (backends !== undefined) lines.push(...backends.endpointLines.map((l) => `Service ${target.namespace}/${target.name}: ${l}`));
  }
  return { lines, related };
}

/**
 * Webhooks that fail closed (failurePolicy Fail) whose Service is missing or has no ready
 * endpoint: every request they intercept is refused. When the Service's pods fail, the finding
 * is theirs and says what they block.
 */
export function webhookIssues(ctx: AnalysisContext, found: readonly Issue[]): Issue[] {
  const byPod = indexIssuesByPod(found);
  const issues: Issue[] = [];
  for (const entry of entries(ctx.snapshot)) {
    const target = entry.webhook.clientConfig.service;
    if (target === undefined || entry.webhook.failurePolicy === 'Ignore') continue;
    const serviceRef: ObjectRef = { kind: 'Service', namespace: target.namespace, name: target.name };
    const service = ctx.get('services', target.namespace, target.name);
    const backends = service === undefined ? undefined : serviceBackends(service, ctx);
    let problem: string;
    if (service === undefined) {
      if (ctx.snapshot.services.length === 0) continue;
      problem = `Service ${target.namespace}/${target.name} does not exist`;
    } else if (backends !== undefined && backends.ready === 0) {
      problem = `Service ${target.namespace}/${target.name} has no ready endpoint (selector ${backends.selector}, ${backends.pods.length} matching pod${backends.pods.length === 1 ? '' : 's'})`;
    } else {
      continue;
    }
    const impact = `admission webhook "${entry.webhook.name}" is unreachable (failurePolicy Fail)`;
    const causes = causesOfPods([...(backends?.pods ?? []), ...(backends?.gone ?? [])], byPod);
    if (causes.length > 0) {
      for (const cause of causes) mention(cause, `${interceptLine(entry)}: ${problem}`, entry.config, impact);
      continue;
    }
    // Controllers already blocked by this webhook carry its configuration and state: one finding.
    const configKey = `${entry.config.kind}/${entry.config.name}`;
    const blocked = found.filter((i) => i.category === 'WebhookUnavailable' && i.related.some((r) => `${r.kind}/${r.name}` === configKey));
    if (blocked.length > 0) {
      for (const issue of blocked) mention(issue, `webhook "${entry.webhook.name}": ${problem}`, serviceRef, service === undefined ? 'its Service does not exist' : 'its Service has no ready endpoint');
      continue;
    }
    issues.push({
      category: 'WebhookUnavailable',
      subject: serviceRef,
      workload: `${entry.config.kind}/${entry.config.name}`,
      pods: (backends?.pods ?? []).map((p) => p.metadata?.name ?? ''),
      containers: [],
      rootCause: [`webhook "${entry.webhook.name}": ${problem}`],
      evidence: [interceptLine(entry), ...(backends?.endpointLines ?? [])],
      related: [entry.config],
      detail: `${problem}; requests it intercepts are refused`,
    });
  }
  return issues;
}
