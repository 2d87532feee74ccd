import { compareText } from './compareText.js';
import { createAnalysisContext } from './createAnalysisContext.js';
import { groupIssues } from './groupIssues.js';
import { eventOnlyIssues } from './rules/eventsOnly.js';
import { jobIssues } from './rules/job.js';
import { nodeIssues } from './rules/node.js';
import { controllerIssues } from './rules/owners.js';
import { podIssues } from './rules/podIssues.js';
import { pvcIssues } from './rules/pvc.js';
import { SEVERITIES, type ClusterSnapshot, type Finding } from './types.js';

export interface AnalyzeOptions {
  /** The analysis time: recent restarts and probe failures are judged against it. */
  now?: Date;
}

/** Most severe first, then namespace, workload, category and name: stable for any input order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compareText(a.namespace, b.namespace) ||
    compareText(a.workload, b.workload) ||
    compareText(a.category, b.category) ||
    compareText(a.name, b.name)
  );
}

/**
 * Finds every failure in a snapshot, one finding per (namespace, workload, category), with the
 * evidence that proves it. Pure: same snapshot and `now`, same findings.
 */
export function analyze(snapshot: ClusterSnapshot, options: AnalyzeOptions = {}): Finding[] {
  const ctx = createAnalysisContext(snapshot, (options.now ?? new Date()).getTime());
  const issues = [
    ...nodeIssues(ctx),
    ...snapshot.pods.flatMap((pod) => podIssues(pod, ctx)),
    ...pvcIssues(ctx),
    ...jobIssues(ctx),
    ...controllerIssues(ctx),
    ...eventOnlyIssues(ctx),
  ];
  return groupIssues(issues).sort(compareFindings);
}
