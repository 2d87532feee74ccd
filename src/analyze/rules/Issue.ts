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
