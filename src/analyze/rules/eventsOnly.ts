import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { eventLastSeen } from '../eventLastSeen.js';
import { RECENT_MS } from './containerState.js';
import { podEvents } from './podEvidence.js';
import { podIssue } from './podIssue.js';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { Category, ObjectRef } from '../types.js';
import type { Issue } from './Issue.js';
import { IMAGE_AUTH, probeEvents, PULL_SYMPTOM, schedulingCategory } from './messagePatterns.js';

const CLAIM_FAILURES = new Set(['FailedBinding', 'ProvisioningFailed']);
const CONFIG = /^Error: (secret|configmap) "[^"]*" not found|couldn't find key/;
const RUN = /exec format error|executable file not found|permission denied|failed to create containerd task|OCI runtime (create|start) failed/;
/** The kubelet's other `Error: ...` when it cannot create a container (after config and run errors). */
const CREATE = /^Error: /;
const CONTAINER = /\{([^}]+)\}$/;
/** What a kubelet `Failed` event alone can name for a pod whose status says nothing yet. */
const FROM_FAILED_EVENT = new Set<Category>(['ImagePullBackOff', 'ImagePullAuth', 'CreateContainerConfigError', 'RunContainerError', 'CreateContainerError']);
const STATEFUL_POD = /-\d+$/;

interface Verdict {
  category: Category;
  causes: CoreV1Event[];
}

function matching(events: CoreV1Event[], reasons: string[], message?: RegExp): CoreV1Event[] {
  return events.filter((e) => reasons.includes(e.reason ?? '') && (message === undefined || message.test(e.message ?? '')));
}

/** What a pod's events alone say, root cause first (the same precedence as for a whole pod). */
function classify(events: CoreV1Event[]): Verdict | undefined {
  const checks: [Category | ((causes: CoreV1Event[]) => Category), CoreV1Event[]][] = [
    ['Evicted', matching(events, ['Evicted'])],
    [(c) => schedulingCategory(c[0]?.message ?? ''), matching(events, ['FailedScheduling'])],
    ['VolumeMountFailure', matching(events, ['FailedMount', 'FailedAttachVolume', 'FailedMapVolume'])],
    ['SandboxCreationFailure', matching(events, ['FailedCreatePodSandBox'])],
    [
      (c) => (c.some((e) => IMAGE_AUTH.test(e.message ?? '')) ? 'ImagePullAuth' : 'ImagePullBackOff'),
      matching(events, ['Failed', 'BackOff'], /^Failed to pull image|^Back-off pulling image/),
    ],
    ['CreateContainerConfigError', matching(events, ['Failed'], CONFIG)],
    ['RunContainerError', matching(events, ['Failed'], RUN)],
    ['CreateContainerError', matching(events, ['Failed'], CREATE)],
    ['StartupProbeFailure', probeEvents(events, 'Startup')],
    ['LivenessProbeFailure', probeEvents(events, 'Liveness')],
    [
      (c) => (c.every((e) => e.involvedObject.fieldPath?.startsWith('spec.initContainers') === true) ? 'InitContainerFailure' : 'CrashLoopBackOff'),
      matching(events, ['BackOff'], /^Back-off restarting failed container/),
    ],
    ['ReadinessProbeFailure', probeEvents(events, 'Readiness')],
  ];
  for (const [category, causes] of checks) {
    if (causes.length > 0) return { category: typeof category === 'function' ? category(causes) : category, causes };
  }
  return undefined;
}

function lines(events: CoreV1Event[], limit: number): string[] {
  return [...new Set(events.map(formatEvent))].slice(0, limit);
}

/**
 * A pending pod whose only trace of failure is a kubelet `Failed` event (its container status
 * still says ContainerCreating, or is absent): the event names the category.
 */
export function failedEventIssue(pod: V1Pod, ctx: AnalysisContext): Issue | undefined {
  if (pod.status?.phase !== 'Pending' || pod.spec?.nodeName === undefined) return undefined;
  const verdict = classify(podEvents(pod, ctx).filter((e) => e.type === 'Warning' && ctx.now - eventLastSeen(e) < RECENT_MS));
  if (verdict === undefined || !FROM_FAILED_EVENT.has(verdict.category)) return undefined;
  const containers = [...new Set(verdict.causes.map((e) => CONTAINER.exec(e.involvedObject.fieldPath ?? '')?.[1]).filter((c) => c !== undefined))].sort();
  return podIssue(pod, ctx, { category: verdict.category, containers, rootCause: lines(verdict.causes, 3), detail: (verdict.causes[0]?.message ?? '').replace(/^Error: /, '') });
}

/**
 * Findings from events alone, for a dump without pods (`kubectl get events -o json`, as the seed's
 * case B shows): each pod's warnings are read with the usual precedence, and a StatefulSet pod's
 * claim (`<template>-<pod>`) is matched by name to the pod that waits for it.
 */
export function eventOnlyIssues(ctx: AnalysisContext): Issue[] {
  if (ctx.snapshot.pods.length > 0) return [];
  const issues: Issue[] = [];
  const claims = new Map<string, { ref: ObjectRef; events: CoreV1Event[] }>();
  for (const e of ctx.events.ofKind('PersistentVolumeClaim')) {
    if (!CLAIM_FAILURES.has(e.reason ?? '') || ctx.pvc(e.involvedObject.namespace ?? '', e.involvedObject.name ?? '') !== undefined) continue;
    const ref = { kind: 'PersistentVolumeClaim', namespace: e.involvedObject.namespace ?? '', name: e.involvedObject.name ?? '' };
    const key = `${ref.namespace}/${ref.name}`;
    const entry = claims.get(key);
    if (entry === undefined) claims.set(key, { ref, events: [e] });
    else entry.events.push(e);
  }
  const byPod = new Map<string, CoreV1Event[]>();
  for (const e of ctx.events.ofKind('Pod')) {
    const key = `${e.involvedObject.namespace ?? ''}/${e.involvedObject.name ?? ''}`;
    const list = byPod.get(key);
    if (list === undefined) byPod.set(key, [e]);
    else list.push(e);
  }
  for (const [key, events] of byPod) {
    const verdict = classify(events);
    if (verdict === undefined) continue;
    const [namespace = '', name = ''] = key.split('/');
    const podRef: ObjectRef = { kind: 'Pod', namespace, name };
    const claim = verdict.category === 'PVCUnbound' ? [...claims.entries()].find(([k]) => k.startsWith(`${namespace}/`) && k.endsWith(`-${name}`)) : undefined;
    if (claim !== undefined) claims.delete(claim[0]);
    const containers = [...new Set(verdict.causes.map((e) => CONTAINER.exec(e.involvedObject.fieldPath ?? '')?.[1]).filter((c) => c !== undefined))].sort();
    const rootCause = [...lines(claim?.[1].events ?? [], 2), ...lines(verdict.causes, 3)];
    issues.push({
      category: verdict.category,
      subject: claim?.[1].ref ?? podRef,
      // A claim named `<template>-<pod>` belongs to a StatefulSet pod `<set>-<ordinal>`.
      workload: claim !== undefined && STATEFUL_POD.test(name) ? `StatefulSet/${name.replace(STATEFUL_POD, '')}` : ctx.workloads.ofPodName(name),
      pods: [name],
      containers,
      rootCause,
      evidence: lines(events.filter((e) => !PULL_SYMPTOM.test(e.message ?? '')), 8),
      related: verdict.category === 'PVCUnbound' ? [podRef, ...(claim !== undefined ? [claim[1].ref] : [])] : [],
      detail: 'from events only',
    });
  }
  for (const { ref, events } of claims.values()) {
    issues.push({
      category: 'PVCUnbound',
      subject: ref,
      workload: `PersistentVolumeClaim/${ref.name}`,
      pods: [],
      containers: [],
      rootCause: lines(events, 2),
      evidence: [],
      related: [],
      detail: 'from events only',
    });
  }
  return issues;
}
