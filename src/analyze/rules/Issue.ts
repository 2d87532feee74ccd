import type { Category, ObjectRef, Severity } from '../types.js';

/**
 * One failure of one object, as a rule sees it. `analyze` groups issues of one workload and
 * category into a single Finding (three crash-looping pods of a Deployment → one finding).
 */
export interface Issue {
  category: Category;
  /** The failing object (a pod, a PVC, a node, a Job, a ReplicaSet). */
  subject: ObjectRef;
  /** e.g. `Deployment/web`. */
  workload: string;
  pods: string[];
  containers: string[];
  /** Lines that state the cause, most telling first. */
  rootCause: string[];
  /** Further proof, most telling first. */
  evidence: string[];
  related: ObjectRef[];
  /** A few words for the summary, e.g. `last exit: OOMKilled 137, 12 restarts`. */
  detail: string;
  /** Overrides the category's usual severity (e.g. a node that is merely under pressure). */
  severity?: Severity;
}

/**
 * Names a consequence in an issue found by another rule (a Service left without endpoints by
 * crashing pods): the root cause keeps its finding, and the impact is said in it, once.
 */
export function mention(issue: Issue, line: string, ref: ObjectRef, impact: string): void {
  if (!issue.evidence.includes(line)) issue.evidence.unshift(line);
  const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
  if (!issue.related.some((r) => `${r.kind}/${r.namespace}/${r.name}` === key)) issue.related.push(ref);
  if (!issue.detail.includes(impact)) issue.detail = issue.detail === '' ? impact : `${issue.detail}; ${impact}`;
}

/** Issues by the pods they name (`namespace/pod`), and by node for node issues (`node:name`). */
export function indexIssuesByPod(issues: readonly Issue[]): Map<string, Issue[]> {
  const index = new Map<string, Issue[]>();
  const add = (key: string, issue: Issue): void => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [issue]);
    else if (!list.includes(issue)) list.push(issue);
  };
  for (const issue of issues) {
    if (issue.subject.kind === 'Node') add(`node:${issue.subject.name}`, issue);
    else for (const pod of issue.pods) add(`${issue.subject.namespace}/${pod}`, issue);
  }
  return index;
}
