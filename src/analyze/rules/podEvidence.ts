import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { eventCount, formatEvent } from '../formatEvent.js';
import { formatContainerState } from '../formatContainerState.js';

const MAX_WARNINGS = 8;
const MAX_NORMAL = 4;

/** Events about a pod, with the pod's uid respected (see EventIndex.about). */
export function podEvents(pod: V1Pod, ctx: AnalysisContext): CoreV1Event[] {
  const meta = pod.metadata ?? {};
  return ctx.events.about('Pod', meta.namespace ?? '', meta.name ?? '', meta.uid);
}

/** Events about one container of a pod (their fieldPath is `spec.containers{name}`). */
export function containerEvents(events: CoreV1Event[], container: string): CoreV1Event[] {
  return events.filter((e) => {
    const path = e.involvedObject.fieldPath;
    return path === undefined || path === '' || path.endsWith(`{${container}}`);
  });
}

/** Container state lines of every container that is not running and ready, init containers first. */
export function containerStateLines(pod: V1Pod): string[] {
  const name = pod.metadata?.name ?? '';
  const lines: string[] = [];
  for (const status of pod.status?.initContainerStatuses ?? []) {
    const done = status.state?.terminated?.exitCode === 0;
    if (!done || status.restartCount > 0) lines.push(formatContainerState(status, name, true));
  }
  for (const status of pod.status?.containerStatuses ?? []) {
    if (!status.ready || status.restartCount > 0) lines.push(formatContainerState(status, name));
  }
  return lines;
}

/**
 * The usual proof about a pod, most telling first: its warning events (most repeated first), the
 * state of its unhealthy containers, then its latest normal events.
 */
export function podEvidence(pod: V1Pod, ctx: AnalysisContext): string[] {
  const events = podEvents(pod, ctx);
  const warnings = events
    .filter((e) => e.type === 'Warning')
    .sort((a, b) => eventCount(b) - eventCount(a))
    .slice(0, MAX_WARNINGS);
  const normal = events.filter((e) => e.type !== 'Warning').slice(0, MAX_NORMAL);
  const phase = pod.status?.phase ?? 'Unknown';
  const reason = pod.status?.reason !== undefined ? ` (${pod.status.reason})` : '';
  const node = pod.spec?.nodeName !== undefined ? ` on node ${pod.spec.nodeName}` : ', not scheduled';
  return [
    ...warnings.map(formatEvent),
    ...containerStateLines(pod),
    `pod ${pod.metadata?.name ?? ''}: phase ${phase}${reason}${node}`,
    ...normal.map(formatEvent),
  ];
}
