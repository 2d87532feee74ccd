import type { V1Pod, V1Service } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatLabels, matchesLabels } from '../matchLabels.js';
import { isPodReady } from '../podReadiness.js';
import type { Issue } from './Issue.js';

/** What stands behind a Service: the pods its selector matches and how many endpoints are ready. */
export interface ServiceBackends {
  /** `app=web,tier=front`. */
  selector: string;
  /** Pods the selector matches (terminated pods excluded), sorted by name. */
  pods: V1Pod[];
  /** Terminated pods the selector matches (evicted, failed): they may be why nothing is left. */
  gone: V1Pod[];
  ready: number;
  /** One line on the endpoints, e.g. `EndpointSlice web-x7k2p: 0 ready of 3 endpoints`. */
  endpointLines: string[];
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

/**
 * The backends of a Service with a selector, from its EndpointSlices when the snapshot has them
 * and from the pods otherwise; undefined when it has no selector (endpoints managed by hand,
 * ExternalName) or when neither slices nor pods were read, so nothing can be judged.
 */
export function serviceBackends(service: V1Service, ctx: AnalysisContext): ServiceBackends | undefined {
  const selector = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') return undefined;
  const ns = service.metadata?.namespace ?? '';
  const name = service.metadata?.name ?? '';
  const matching = ctx.podsInNamespace(ns).filter((p) => matchesLabels(selector, p.metadata?.labels));
  const pods = matching.filter((p) => !TERMINAL.has(p.status?.phase ?? ''));
  const gone = matching.filter((p) => TERMINAL.has(p.status?.phase ?? ''));
  const slices = ctx.endpointSlicesOf(ns, name);
  if (slices.length > 0) {
    let ready = 0;
    const endpointLines = slices.map((slice) => {
      const endpoints = slice.endpoints ?? [];
      // A nil `ready` means ready (discovery.k8s.io/v1).
      const up = endpoints.filter((e) => e.conditions?.ready !== false).length;
      ready += up;
      return `EndpointSlice ${slice.metadata?.name ?? ''}: ${up} ready of ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'}`;
    });
    return { selector: formatLabels(selector), pods, gone, ready, endpointLines };
  }
  if (ctx.snapshot.pods.length === 0) return undefined;
  const ready = pods.filter(isPodReady).length;
  return { selector: formatLabels(selector), pods, gone, ready, endpointLines: [`${ready} ready of ${pods.length} matching pod${pods.length === 1 ? '' : 's'} (no EndpointSlice read)`] };
}

/** The issues that explain why these pods are not ready: their own, or their node's. */
export function causesOfPods(pods: readonly V1Pod[], byPod: ReadonlyMap<string, Issue[]>): Issue[] {
  const causes = new Set<Issue>();
  for (const pod of pods) {
    for (const issue of byPod.get(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`) ?? []) causes.add(issue);
    for (const issue of byPod.get(`node:${pod.spec?.nodeName ?? ''}`) ?? []) causes.add(issue);
  }
  return [...causes];
}

/**
 * Pods of the namespace that the selector almost matches: every key present but a value differs,
 * or all but one pair. A typo in a label is the usual reason a selector matches nothing.
 */
export function nearMisses(selector: Readonly<Record<string, string>>, pods: readonly V1Pod[], limit = 3): V1Pod[] {
  const pairs = Object.entries(selector);
  return pods
    .filter((pod) => {
      const labels = pod.metadata?.labels ?? {};
      const matched = pairs.filter(([k, v]) => labels[k] === v).length;
      const keys = pairs.filter(([k]) => k in labels).length;
      return matched < pairs.length && (keys === pairs.length || matched >= pairs.length - 1) && (matched > 0 || keys > 0);
    })
    .slice(0, limit);
}
