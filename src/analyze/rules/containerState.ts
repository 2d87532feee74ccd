import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatContainerState } from '../formatContainerState.js';
import { formatEvent } from '../formatEvent.js';
import { toTime } from '../toTime.js';
import type { Category } from '../types.js';
import type { Issue } from './Issue.js';
import { IMAGE_AUTH, probeEvents, PULL_SYMPTOM } from './messagePatterns.js';
import { containerEvents, podEvents } from './podEvidence.js';
import { podIssue } from './podIssue.js';
import { eventLastSeen } from '../eventLastSeen.js';

/** A restart or probe failure older than this no longer makes a running container a failure. */
export const RECENT_MS = 60 * 60 * 1000;

const IMAGE_WAITING = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);
const RUN_TERMINATED = new Set(['StartError', 'ContainerCannotRun']);


/** Event lines about a container with one of `reasons`, newest first, de-duplicated. */
function eventLines(events: CoreV1Event[], reasons: string[], limit = 3): string[] {
  return [...new Set(events.filter((e) => reasons.includes(e.reason ?? '')).map(formatEvent))].slice(0, limit);
}

function memoryLimit(pod: V1Pod, container: string): string | undefined {
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container);
  return spec?.resources?.limits?.['memory'];
}

/** The runtime's message without the layers of wrapping before the part that names the cause. */
function runtimeCause(message: string): string {
  return message.trim().replace(/^.*unable to start container process: /s, '');
}

interface ContainerVerdict {
  category: Category;
  rootCause: string[];
  detail: string;
}

function classifyWaiting(status: V1ContainerStatus, events: CoreV1Event[], stateLine: string): ContainerVerdict | undefined {
  const waiting = status.state?.waiting;
  const reason = waiting?.reason ?? '';
  if (IMAGE_WAITING.has(reason)) {
    const failures = eventLines(events.filter((e) => !PULL_SYMPTOM.test(e.message ?? '')), ['Failed', 'ErrImagePull', 'InspectFailed']);
    const text = [waiting?.message ?? '', ...failures].join('\n');
    const auth = IMAGE_AUTH.test(text);
    return {
      category: auth ? 'ImagePullAuth' : 'ImagePullBackOff',
      rootCause: [...failures, stateLine],
      detail: `image "${status.image}"${auth ? ', pull refused' : ''}`,
    };
  }
  if (reason === 'CreateContainerConfigError' || reason === 'CreateContainerError' || reason === 'RunContainerError') {
    return {
      category: reason,
      rootCause: [stateLine, ...eventLines(events, ['Failed'])],
      detail: runtimeCause(waiting?.message ?? reason),
    };
  }
  return undefined;
}

/** Decides why a crashing container restarts: OOM and probes are causes, CrashLoopBackOff the symptom. */
/** `12 min ago` / `3 h ago`, for a kill that a running container has survived. */
function ago(ms: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - ms) / 60_000));
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

function classifyCrash(pod: V1Pod, status: V1ContainerStatus, events: CoreV1Event[], stateLine: string, now: number): ContainerVerdict {
  const term = status.lastState?.terminated ?? status.state?.terminated;
  const backOff = eventLines(events, ['BackOff'], 1);
  const restarts = `${status.restartCount} restart${status.restartCount === 1 ? '' : 's'}`;
  // An OOM kill matters even when the container runs again: say when, so nobody hunts a live crash.
  const again = (finishedAt: Date | undefined): string =>
    status.state?.running !== undefined && toTime(finishedAt) > 0 ? `; last killed ${ago(toTime(finishedAt), now)}, running again` : '';
  if (term !== undefined && RUN_TERMINATED.has(term.reason ?? '')) {
    return { category: 'RunContainerError', rootCause: [stateLine, ...eventLines(events, ['Failed'])], detail: runtimeCause(term.message ?? term.reason ?? '') };
  }
  if (term?.reason === 'OOMKilled') {
    const limit = memoryLimit(pod, status.name);
    return {
      category: 'OOMKilled',
      rootCause: [stateLine, ...(limit !== undefined ? [`container ${status.name} memory limit: ${limit}`] : [])],
      detail: `OOMKilled exit ${term.exitCode}${limit !== undefined ? `, memory limit ${limit}` : ''}, ${restarts}${again(term.finishedAt)}`,
    };
  }
  for (const probe of ['Startup', 'Liveness'] as const) {
    const lines = [...new Set(probeEvents(events, probe).map(formatEvent))].slice(0, 3);
    if (lines.length > 0) {
      return { category: `${probe}ProbeFailure`, rootCause: [...lines, stateLine], detail: `${probe.toLowerCase()} probe fails, ${restarts}` };
    }
  }
  if (term?.exitCode === 137) {
    return { category: 'OOMKilled', rootCause: [stateLine], detail: `exit 137 (SIGKILL), ${restarts}${again(term.finishedAt)}` };
  }
  const exit = term !== undefined ? `last exit: ${term.reason ?? 'Unknown'} ${term.exitCode}, ` : '';
  return { category: 'CrashLoopBackOff', rootCause: [stateLine, ...backOff], detail: `${exit}${restarts}` };
}

function isCrashing(pod: V1Pod, status: V1ContainerStatus, now: number): boolean {
  if (status.state?.waiting?.reason === 'CrashLoopBackOff') return true;
  const last = status.lastState?.terminated;
  if (status.restartCount > 0 && last !== undefined) {
    const finished = toTime(last.finishedAt);
    if (finished === 0 || now - finished < RECENT_MS) return true;
  }
  // restartPolicy Never: the pod failed on its first exit; only OOM names a cause then.
  return pod.status?.phase === 'Failed' && status.state?.terminated?.reason === 'OOMKilled';
}

function classifyRunning(pod: V1Pod, status: V1ContainerStatus, events: CoreV1Event[], stateLine: string, now: number): ContainerVerdict | undefined {
  if (status.state?.running === undefined) return undefined;
  if (!events.some((e) => e.reason === 'Unhealthy' || e.reason === 'Killing')) return undefined;
  // A probe that failed before the container started, or before the pod became Ready again, is history.
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  const since = Math.max(toTime(status.state.running.startedAt), status.ready ? toTime(ready?.lastTransitionTime) : 0);
  const recent = events.filter((e) => {
    const seen = eventLastSeen(e);
    return seen === 0 || (now - seen < RECENT_MS && seen > since);
  });
  for (const probe of ['Startup', 'Liveness', 'Readiness'] as const) {
    if (probe === 'Readiness' && status.ready) continue;
    const lines = [...new Set(probeEvents(recent, probe).map(formatEvent))].slice(0, 3);
    if (lines.length > 0) {
      return { category: `${probe}ProbeFailure`, rootCause: [...lines, stateLine], detail: `${probe.toLowerCase()} probe fails` };
    }
  }
  return undefined;
}

function classifyInit(status: V1ContainerStatus, events: CoreV1Event[], stateLine: string): ContainerVerdict | undefined {
  const waiting = classifyWaiting(status, events, stateLine);
  if (waiting !== undefined) return waiting;
  const term = status.state?.terminated ?? status.lastState?.terminated;
  const failing =
    status.state?.waiting?.reason === 'CrashLoopBackOff' ||
    (status.state?.terminated !== undefined && status.state.terminated.exitCode !== 0) ||
    (!status.ready && status.lastState?.terminated !== undefined && status.lastState.terminated.exitCode !== 0);
  if (!failing) return undefined;
  const exit = term !== undefined ? `exit ${term.reason ?? 'Unknown'} ${term.exitCode}, ` : '';
  return {
    category: 'InitContainerFailure',
    rootCause: [stateLine, ...eventLines(events, ['BackOff'], 1)],
    detail: `${exit}${status.restartCount} restarts`,
  };
}

/**
 * Issues from container states: image pulls, container config, start errors, crashes (OOM and
 * failing probes win over CrashLoopBackOff), probes of running containers, and init containers.
 * One issue per category; a pod whose init container fails is judged by that alone.
 */
export function containerIssues(pod: V1Pod, ctx: AnalysisContext): Issue[] {
  const name = pod.metadata?.name ?? '';
  const events = podEvents(pod, ctx);
  const verdicts: { container: string; verdict: ContainerVerdict }[] = [];
  for (const status of pod.status?.initContainerStatuses ?? []) {
    const verdict = classifyInit(status, containerEvents(events, status.name), formatContainerState(status, name, true));
    if (verdict !== undefined) verdicts.push({ container: status.name, verdict });
  }
  if (verdicts.length === 0) {
    for (const status of pod.status?.containerStatuses ?? []) {
      const own = containerEvents(events, status.name);
      const stateLine = formatContainerState(status, name);
      const verdict =
        classifyWaiting(status, own, stateLine) ??
        (isCrashing(pod, status, ctx.now) ? classifyCrash(pod, status, own, stateLine, ctx.now) : classifyRunning(pod, status, own, stateLine, ctx.now));
      if (verdict !== undefined) verdicts.push({ container: status.name, verdict });
    }
  }
  const byCategory = new Map<Category, { containers: string[]; rootCause: string[]; details: string[] }>();
  for (const { container, verdict } of verdicts) {
    const entry = byCategory.get(verdict.category) ?? { containers: [], rootCause: [], details: [] };
    entry.containers.push(container);
    entry.rootCause.push(...verdict.rootCause);
    entry.details.push(verdict.detail);
    byCategory.set(verdict.category, entry);
  }
  return [...byCategory].map(([category, entry]) =>
    podIssue(pod, ctx, {
      category,
      containers: [...entry.containers].sort(),
      rootCause: [...new Set(entry.rootCause)],
      detail: entry.details[0] ?? '',
    }),
  );
}
