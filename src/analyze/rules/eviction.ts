import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { Issue } from './Issue.js';
import { podEvents } from './podEvidence.js';
import { podIssue } from './podIssue.js';

/** A pod the kubelet evicted (status.reason Evicted), with the kubelet's own message. */
export function evictionIssue(pod: V1Pod, ctx: AnalysisContext): Issue | undefined {
  if (pod.status?.reason !== 'Evicted') return undefined;
  const message = (pod.status.message ?? '').trim();
  const events = podEvents(pod, ctx).filter((e) => e.reason === 'Evicted').map(formatEvent);
  const node = pod.spec?.nodeName;
  const statusLine = `pod ${pod.metadata?.name ?? ''}: Evicted: ${message}`;
  return podIssue(pod, ctx, {
    category: 'Evicted',
    containers: [],
    // The kubelet's Evicted event and the pod's status message say the same; prefer the event.
    rootCause: events.length > 0 ? [...new Set(events)].slice(0, 1) : [statusLine],
    evidence: [statusLine],
    related: node !== undefined ? [{ kind: 'Node', namespace: '', name: node }] : [],
    detail: (message.split('. ')[0] ?? message).replace(/\.$/, '') + (node !== undefined ? ` (node ${node})` : ''),
  });
}
