import type { V1Job } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { Issue } from './Issue.js';
import { containerStateLines, podEvents } from './podEvidence.js';

const MAX_POD_LINES = 6;

/** Whether a Job has finished with `type` (Complete or Failed). */
export function jobFinished(job: V1Job, type: 'Complete' | 'Failed'): boolean {
  return job.status?.conditions?.some((c) => c.type === type && c.status === 'True') === true;
}

/** The CronJob that owns a Job, when that CronJob is in the snapshot: then the CronJob reports it. */
export function owningCronJob(job: V1Job, ctx: AnalysisContext): string | undefined {
  const owner = job.metadata?.ownerReferences?.find((o) => o.kind === 'CronJob');
  return owner !== undefined && ctx.get('cronJobs', job.metadata?.namespace ?? '', owner.name) !== undefined ? owner.name : undefined;
}

/** Why a failed Job failed: its Failed condition, its warnings, its pods' exits. */
export function failedJobIssue(job: V1Job, ctx: AnalysisContext): Issue | undefined {
  const failed = job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failed === undefined) return undefined;
  const ns = job.metadata?.namespace ?? '';
  const name = job.metadata?.name ?? '';
  const pods = ctx.podsOfJob(job);
  const jobEvents = ctx.events.about('Job', ns, name, job.metadata?.uid).filter((e) => e.type === 'Warning');
  const containers = new Set<string>();
  for (const pod of pods) {
    for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      if ((s.state?.terminated?.exitCode ?? 0) !== 0 || (s.lastState?.terminated?.exitCode ?? 0) !== 0) containers.add(s.name);
    }
  }
  const podLines = pods.flatMap((p) => [
    ...podEvents(p, ctx).filter((e) => e.type === 'Warning').map(formatEvent),
    ...containerStateLines(p),
  ]);
  return {
    category: 'JobFailed',
    subject: { kind: 'Job', namespace: ns, name },
    workload: ctx.workloads.ofController('Job', ns, name),
    pods: pods.map((p) => p.metadata?.name ?? ''),
    containers: [...containers].sort(),
    rootCause: [
      `Job ${name}: condition Failed (${failed.reason ?? ''}): ${failed.message ?? ''}`,
      ...[...new Set(jobEvents.map(formatEvent))].slice(0, 2),
    ],
    evidence: [
      `Job ${name}: failed ${job.status?.failed ?? 0}, succeeded ${job.status?.succeeded ?? 0}, backoffLimit ${job.spec?.backoffLimit ?? 6}${job.spec?.activeDeadlineSeconds !== undefined ? `, activeDeadlineSeconds ${job.spec.activeDeadlineSeconds}` : ''}`,
      ...[...new Set(podLines)].slice(0, MAX_POD_LINES),
    ],
    related: [],
    detail: failed.reason ?? 'Failed',
  };
}

/**
 * Jobs with a Failed condition (BackoffLimitExceeded, DeadlineExceeded, ...), with their pods'
 * exits. A Job of a CronJob in the snapshot is left to the CronJob's finding.
 */
export function jobIssues(ctx: AnalysisContext): Issue[] {
  return ctx.snapshot.jobs.flatMap((job) => {
    if (owningCronJob(job, ctx) !== undefined) return [];
    const issue = failedJobIssue(job, ctx);
    return issue === undefined ? [] : [issue];
  });
}
