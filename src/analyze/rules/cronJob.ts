import type { V1Job } from '@kubernetes/client-node';
import { compareText } from '../compareText.js';
import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import { formatTime, toTime } from '../toTime.js';
import type { ObjectRef } from '../types.js';
import type { Issue } from './Issue.js';
import { failedJobIssue, jobFinished } from './job.js';

/** The CronJob controller's warnings when it cannot start runs on time. */
const MISSED_REASONS = new Set(['FailedNeedsStart', 'MissSchedule', 'TooManyMissedTimes']);
const MISSED = /too many missed start time|missed scheduled time/i;

function startedAt(job: V1Job): number {
  return toTime(job.status?.startTime) || toTime(job.metadata?.creationTimestamp);
}

/**
 * CronJobs whose latest finished runs failed (the newest failed Job's root cause is named and its
 * consecutive failures counted; a success after failures is history), or whose runs are missed
 * (`FailedNeedsStart`: too many missed start times).
 */
export function cronJobIssues(ctx: AnalysisContext): Issue[] {
  const issues: Issue[] = [];
  for (const cronJob of ctx.snapshot.cronJobs) {
    const ns = cronJob.metadata?.namespace ?? '';
    const name = cronJob.metadata?.name ?? '';
    const runs = ctx.snapshot.jobs
      .filter((j) => j.metadata?.namespace === ns && j.metadata.ownerReferences?.some((o) => o.kind === 'CronJob' && o.name === name))
      .filter((j) => jobFinished(j, 'Complete') || jobFinished(j, 'Failed'))
      .sort((a, b) => startedAt(b) - startedAt(a) || compareText(b.metadata?.name, a.metadata?.name));
    const failedRuns: V1Job[] = [];
    for (const run of runs) {
      if (!jobFinished(run, 'Failed')) break;
      failedRuns.push(run);
    }
    const missed = ctx.events
      .about('CronJob', ns, name, cronJob.metadata?.uid)
      .filter((e) => MISSED_REASONS.has(e.reason ?? '') || MISSED.test(e.message ?? ''));
    if (failedRuns.length === 0 && missed.length === 0) continue;
    const latest = failedRuns[0] === undefined ? undefined : failedJobIssue(failedRuns[0], ctx);
    const status = cronJob.status;
    const runLine = failedRuns.length > 0
      ? [`CronJob ${name}: the last ${failedRuns.length === 1 ? 'run' : `${failedRuns.length} runs`} failed (${failedRuns.slice(0, 3).map((j) => j.metadata?.name ?? '').join(', ')}${failedRuns.length > 3 ? ', …' : ''})`]
      : [];
    issues.push({
      category: 'CronJobFailing',
      subject: { kind: 'CronJob', namespace: ns, name },
      workload: `CronJob/${name}`,
      pods: latest?.pods ?? [],
      containers: latest?.containers ?? [],
      rootCause: [...runLine, ...[...new Set(missed.map(formatEvent))].slice(0, 2), ...(latest?.rootCause ?? [])],
      evidence: [
        `CronJob ${name}: schedule "${cronJob.spec?.schedule ?? ''}"${cronJob.spec?.suspend === true ? ', suspended' : ''}, last scheduled ${formatTime(status?.lastScheduleTime) || 'never'}, last successful ${formatTime(status?.lastSuccessfulTime) || 'never'}${cronJob.spec?.startingDeadlineSeconds !== undefined ? `, startingDeadlineSeconds ${cronJob.spec.startingDeadlineSeconds}` : ''}`,
        ...(latest?.evidence ?? []),
      ],
      // The newest failed run only: commands about "the Job" must name the one that just failed.
      related: failedRuns.slice(0, 1).map((j): ObjectRef => ({ kind: 'Job', namespace: ns, name: j.metadata?.name ?? '' })),
      detail: failedRuns.length > 0 ? `${failedRuns.length} failed run${failedRuns.length === 1 ? '' : 's'} in a row${latest !== undefined ? ` (${latest.detail})` : ''}` : 'runs are missed',
    });
  }
  return issues;
}
