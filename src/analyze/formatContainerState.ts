import type { V1ContainerState, V1ContainerStatus } from '@kubernetes/client-node';
import { formatTime } from './toTime.js';
import { oneLine } from './oneLine.js';

/** Waiting reasons whose message is boilerplate and adds nothing to the reason. */
const BOILERPLATE_WAITING = new Set(['CrashLoopBackOff', 'ContainerCreating', 'PodInitializing']);

function describeState(state: V1ContainerState | undefined): string {
  if (state?.waiting !== undefined) {
    const { reason = 'Waiting', message } = state.waiting;
    const detail = message !== undefined && message !== '' && !BOILERPLATE_WAITING.has(reason) ? `: ${message}` : '';
    return `waiting ${reason}${detail}`;
  }
  if (state?.terminated !== undefined) {
    const t = state.terminated;
    const at = formatTime(t.finishedAt);
    const signal = t.signal !== undefined ? ` signal ${t.signal}` : '';
    const message = t.message !== undefined && t.message.trim() !== '' ? `: ${oneLine(t.message)}` : '';
    return `terminated ${t.reason ?? 'Unknown'} exit ${t.exitCode}${signal}${at === '' ? '' : ` at ${at}`}${message}`;
  }
  if (state?.running !== undefined) {
    const at = formatTime(state.running.startedAt);
    return `running${at === '' ? '' : ` since ${at}`}`;
  }
  return 'state unknown';
}

/**
 * One evidence line for a container, e.g.
 * `container ubuntu (pod web-1): waiting CrashLoopBackOff; last terminated Completed exit 0 at ...; restarts 29`.
 */
export function formatContainerState(status: V1ContainerStatus, pod: string, init = false): string {
  const parts = [describeState(status.state)];
  if (status.lastState?.terminated !== undefined) parts.push(`last ${describeState(status.lastState)}`);
  parts.push(`restarts ${status.restartCount}`);
  if (status.state?.running !== undefined && !status.ready) parts.push('not ready');
  return `${init ? 'init container' : 'container'} ${status.name} (pod ${pod}): ${parts.join('; ')}`;
}
