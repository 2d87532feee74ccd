import type { CoreV1Event } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { Category } from '../types.js';
import type { Issue } from './Issue.js';
import { describePolicy } from './describePolicy.js';
import { describeCalledWebhook } from './webhook.js';

const CONTROLLERS = ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController'];
/** The API server could not reach a webhook at all: no policy said no. */
const WEBHOOK_CALL = /failed calling webhook|failed to call webhook/i;
const QUOTA = /exceeded quota|must specify (limits|requests)|(maximum|minimum) [\w.-]+ usage per (Container|Pod)|LimitRange|limit to request ratio/i;
const ADMISSION = /violates PodSecurity|admission webhook .* denied|denied the request|is forbidden|serviceaccount "[^"]*" not found|forbidden:/i;

function categoryOf(message: string): Category {
  if (WEBHOOK_CALL.test(message)) return 'WebhookUnavailable';
  if (QUOTA.test(message)) return 'QuotaExceeded';
  if (ADMISSION.test(message)) return 'AdmissionDenied';
  return 'Other';
}

/** Why a webhook call failed, in the words that matter: refused, no endpoints, timeout, certificate. */
const CALL_FAILURE = /connection refused|no endpoints available for service "[^"]*"|service "[^"]*" not found|context deadline exceeded|i\/o timeout|x509: [^":]*|tls: [^":]*|no such host/;

function webhookDetail(message: string): string {
  const name = /failed calling webhook "([^"]+)"/.exec(message)?.[1];
  const why = CALL_FAILURE.exec(message)?.[0];
  return `webhook${name !== undefined ? ` "${name}"` : ''} unreachable${why !== undefined ? `: ${why}` : ''}`;
}

/** Whether the controller, when in the snapshot, has since created every pod it wants. */
function caughtUp(ctx: AnalysisContext, kind: string, namespace: string, name: string): boolean {
  const match = <T extends { metadata?: { namespace?: string; name?: string } }>(list: T[]): T | undefined =>
    list.find((o) => o.metadata?.namespace === namespace && o.metadata.name === name);
  if (kind === 'ReplicaSet') {
    const rs = match(ctx.snapshot.replicaSets);
    if (rs === undefined) return false;
    const failing = rs.status?.conditions?.some((c) => c.type === 'ReplicaFailure' && c.status === 'True') === true;
    return !failing && (rs.status?.replicas ?? 0) >= (rs.spec?.replicas ?? 1);
  }
  if (kind === 'StatefulSet') {
    const sts = match(ctx.snapshot.statefulSets);
    return sts !== undefined && (sts.status?.replicas ?? 0) >= (sts.spec?.replicas ?? 1);
  }
  return false;
}

/**
 * Controllers that cannot create their pods (FailedCreate): a webhook the API server cannot call
 * (WebhookUnavailable, with the webhook's configuration and endpoints), a ResourceQuota or
 * LimitRange (QuotaExceeded), PodSecurity, a webhook or another admission check (AdmissionDenied).
 */
export function controllerIssues(ctx: AnalysisContext): Issue[] {
  const byController = new Map<string, CoreV1Event[]>();
  for (const kind of CONTROLLERS) {
    for (const event of ctx.events.ofKind(kind)) {
      if (event.reason !== 'FailedCreate') continue;
      const ref = event.involvedObject;
      const key = `${kind}\u0000${ref.namespace ?? event.metadata.namespace ?? ''}\u0000${ref.name ?? ''}`;
      const list = byController.get(key);
      if (list === undefined) byController.set(key, [event]);
      else list.push(event);
    }
  }
  const issues: Issue[] = [];
  for (const [key, events] of byController) {
    const [kind = '', ns = '', name = ''] = key.split('\u0000');
    if (caughtUp(ctx, kind, ns, name)) continue;
    const message = events[0]?.message ?? '';
    const category = categoryOf(message);
    const explained =
      category === 'WebhookUnavailable' ? describeCalledWebhook(ctx, message) : category === 'QuotaExceeded' ? describePolicy(ctx, ns, message) : { lines: [], related: [] };
    issues.push({
      category,
      subject: { kind, namespace: ns, name },
      workload: ctx.workloads.ofController(kind, ns, name),
      pods: [],
      containers: [],
      rootCause: [...new Set(events.map(formatEvent))].slice(0, 3),
      evidence: explained.lines,
      related: explained.related,
      detail: category === 'WebhookUnavailable' ? webhookDetail(message) : (/forbidden: (.*)$/s.exec(message)?.[1] ?? message),
    });
  }
  return issues;
}
