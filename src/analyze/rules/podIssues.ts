import type { V1Pod } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { containerIssues } from './containerState.js';
import { failedEventIssue } from './eventsOnly.js';
import { evictionIssue } from './eviction.js';
import type { Issue } from './Issue.js';
import { jobFinished } from './job.js';
import { podPhaseIssue } from './podPhase.js';
import { podSetupIssue } from './podSetup.js';
import { schedulingIssue } from './scheduling.js';

/**
 * Everything wrong with one pod, in precedence order: an eviction or a scheduling failure says
 * it all; otherwise container states, then volume/sandbox setup, then an unexplained phase.
 * Pods of a failed Job are left to the Job's finding; pods of a completed Job are history.
 */
export function podIssues(pod: V1Pod, ctx: AnalysisContext): Issue[] {
  const owner = pod.metadata?.ownerReferences?.find((o) => o.kind === 'Job');
  if (owner !== undefined) {
    const ns = pod.metadata?.namespace ?? '';
    if (ctx.failedJob(ns, owner.name) !== undefined) return [];
    // A Job that completed after failed attempts succeeded: its failed pods are history.
    const job = ctx.get('jobs', ns, owner.name);
    if (job !== undefined && jobFinished(job, 'Complete')) return [];
  }
  const decisive = evictionIssue(pod, ctx) ?? schedulingIssue(pod, ctx);
  if (decisive !== undefined) return [decisive];
  const containers = containerIssues(pod, ctx);
  if (containers.length > 0) return containers;
  const fallback = podSetupIssue(pod, ctx) ?? podPhaseIssue(pod, ctx) ?? failedEventIssue(pod, ctx);
  return fallback !== undefined ? [fallback] : [];
}
