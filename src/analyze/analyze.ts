import { compareText } from './compareText.js';
import { createAnalysisContext, type AnalysisContext } from './createAnalysisContext.js';
import { groupIssues } from './groupIssues.js';
import { cronJobIssues } from './rules/cronJob.js';
import { eventOnlyIssues } from './rules/eventsOnly.js';
import { hpaIssues } from './rules/hpa.js';
import { ingressIssues } from './rules/ingress.js';
import type { Issue } from './rules/Issue.js';
import { jobIssues } from './rules/job.js';
import { nodeIssues } from './rules/node.js';
import { controllerIssues } from './rules/owners.js';
import { pdbIssues } from './rules/pdb.js';
import { podIssues } from './rules/podIssues.js';
import { pvcIssues } from './rules/pvc.js';
import { rolloutIssues } from './rules/rollout.js';
import { serviceIssues } from './rules/service.js';
import { webhookIssues } from './rules/webhook.js';
import { SEVERITIES, type ClusterSnapshot, type Finding } from './types.js';
import { addWhatChanged } from './whatChanged.js';

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
 * Rules that judge one object of a kind alone. A rule is a function of the context returning
 * issues; adding a kind is adding a file.
 */
const OBJECT_RULES: readonly ((ctx: AnalysisContext) => Issue[])[] = [
  nodeIssues,
  (ctx) => ctx.snapshot.pods.flatMap((pod) => podIssues(pod, ctx)),
  pvcIssues,
  jobIssues,
  cronJobIssues,
  controllerIssues,
  eventOnlyIssues,
  ingressIssues,
  hpaIssues,
];

/**
 * Rules about what depends on other objects (a Service on its pods, a rollout on its new pods):
 * they see the issues found so far, and when one of those is the root cause they name their
 * object in it instead of reporting a second finding. Order matters: a webhook's Service is the
 * webhook's, not a plain Service finding.
 */
const DEPENDENT_RULES: readonly ((ctx: AnalysisContext, found: readonly Issue[]) => Issue[])[] = [
  webhookIssues,
  serviceIssues,
  rolloutIssues,
  pdbIssues,
];

/**
 * Finds every failure in a snapshot, one finding per (namespace, workload, category), with the
 * evidence that proves it. Pure: same snapshot and `now`, same findings.
 */
export function analyze(snapshot: ClusterSnapshot, options: AnalyzeOptions = {}): Finding[] {
  const ctx = createAnalysisContext(snapshot, (options.now ?? new Date()).getTime());
  const issues = OBJECT_RULES.flatMap((rule) => rule(ctx));
  // Appended one by one: a rule may find more issues than a call takes arguments.
  for (const rule of DEPENDENT_RULES) for (const issue of rule(ctx, issues)) issues.push(issue);
  const findings = groupIssues(issues);
  addWhatChanged(findings, ctx);
  return findings.sort(compareFindings);
}
