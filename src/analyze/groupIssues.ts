import { CATEGORY_SEVERITY } from './categorySeverity.js';
import { collapseSimilar } from './collapseSimilar.js';
import { compareText } from './compareText.js';
import { describeComponent, describeSummary } from './describeFinding.js';
import type { Issue } from './rules/Issue.js';
import { SEVERITIES, type Finding, type ObjectRef, type Severity } from './types.js';

/** Evidence lines kept per finding; the root cause is kept whole on top of this. */
export const MAX_EVIDENCE_LINES = 30;

function refKey(r: ObjectRef): string {
  return `${r.kind}/${r.namespace}/${r.name}`;
}

function unique<T>(items: T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function mostSevere(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

/** One finding from the issues of one workload and category (already sorted by subject). */
function toFinding(issues: Issue[]): Finding {
  const first = issues[0];
  if (first === undefined) throw new Error('toFinding needs at least one issue');
  const pods = unique(issues.flatMap((i) => i.pods)).sort();
  const containers = unique(issues.flatMap((i) => i.containers)).sort();
  const related = unique(issues.flatMap((i) => i.related), refKey).sort((a, b) => compareText(refKey(a), refKey(b)));
  const rootCause = collapseSimilar(issues.flatMap((i) => i.rootCause), pods);
  const causeLines = new Set(issues.flatMap((i) => i.rootCause));
  const rest = collapseSimilar(issues.flatMap((i) => i.evidence).filter((line) => !causeLines.has(line)), pods);
  const severity = issues.reduce<Severity>((s, i) => mostSevere(s, i.severity ?? CATEGORY_SEVERITY[i.category]), 'low');
  const facts = { category: first.category, subject: first.subject, workload: first.workload, pods, containers, related, detail: first.detail };
  return {
    kind: first.subject.kind,
    namespace: first.subject.namespace,
    name: first.subject.name,
    workload: first.workload,
    category: first.category,
    component: describeComponent(facts),
    severity,
    summary: describeSummary(facts),
    evidence: [...rootCause, ...rest.slice(0, Math.max(0, MAX_EVIDENCE_LINES - rootCause.length))],
    rootCause,
    pods,
    containers,
    related,
  };
}

/**
 * Groups issues into findings, one per (namespace, workload, category): three crash-looping
 * pods of one Deployment are one finding listing the three pods.
 */
export function groupIssues(issues: Issue[]): Finding[] {
  const groups = new Map<string, Issue[]>();
  for (const issue of issues) {
    const key = `${issue.subject.namespace}\u0000${issue.workload}\u0000${issue.category}`;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [issue]);
    else list.push(issue);
  }
  return [...groups.values()].map((list) =>
    toFinding([...list].sort((a, b) => compareText(refKey(a.subject), refKey(b.subject)))),
  );
}
