import type { AnalysisContext } from './createAnalysisContext.js';
import { eventLastSeen } from './eventLastSeen.js';
import { rolloutHistory, type Revision, type RolloutKind } from './rolloutHistory.js';
import { toTime } from './toTime.js';
import type { Finding } from './types.js';

/** Rollouts older than this are not "what changed". */
export const WHAT_CHANGED_WINDOW_MS = 24 * 60 * 60 * 1000;
const ROLLOUT_KINDS = new Set<string>(['Deployment', 'StatefulSet', 'DaemonSet']);
const MAX_CHANGES = 3;

/** `3 min`, `2 h`: how long between two moments. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

/** `revision 7 (ReplicaSet web-5d4f8c7b9, 12 min ago): image app: web:1.4 → web:1.5`. */
export function describeRevision(r: Revision, now: number): string {
  const when = r.createdAt > 0 ? `, ${span(now - r.createdAt)} ago` : '';
  const changes = r.changes.length === 0 ? 'no template change known' : r.changes.slice(0, MAX_CHANGES).join('; ') + (r.changes.length > MAX_CHANGES ? `; +${r.changes.length - MAX_CHANGES} more` : '');
  return `revision ${r.revision} (${r.source.kind} ${r.source.name}${when}): ${changes}`;
}

/** When the finding's failure began, as near as the snapshot tells: its pods' first warning, else their creation. */
function failureStart(finding: Finding, ctx: AnalysisContext): number {
  const times: number[] = [];
  for (const name of finding.pods) {
    const warnings = ctx.events.about('Pod', finding.namespace, name).filter((e) => e.type === 'Warning');
    // A reduce, not Math.min(...): an object may have more events than a call takes arguments.
    const first = warnings.map((e) => toTime(e.firstTimestamp) || toTime(e.eventTime) || eventLastSeen(e)).reduce((min, t) => (t > 0 && t < min ? t : min), Infinity);
    const pod = ctx.get('pods', finding.namespace, name);
    times.push(Number.isFinite(first) ? first : toTime(pod?.metadata?.creationTimestamp));
  }
  if (finding.pods.length === 0) {
    const warnings = ctx.events.about(finding.kind, finding.namespace, finding.name).filter((e) => e.type === 'Warning');
    for (const e of warnings) times.push(toTime(e.firstTimestamp) || eventLastSeen(e));
  }
  const known = times.filter((t) => t > 0);
  return known.length === 0 ? 0 : known.reduce((min, t) => Math.min(min, t));
}

/** The rollout a failure began after, within the window, with the revision to go back to. */
export interface ChangeBeforeFailure {
  revision: Revision;
  /** The revision before it, the one `kubectl rollout undo --to-revision` restores. */
  previous: Revision | undefined;
  /** ms between the rollout and the first sign of the failure. */
  after: number;
}

/** The workload's rollout that the failure began after, if any in the last 24 h. */
export function changeBeforeFailure(finding: Finding, ctx: AnalysisContext): ChangeBeforeFailure | undefined {
  const [kind, name] = finding.workload.split('/');
  if (kind === undefined || name === undefined || !ROLLOUT_KINDS.has(kind)) return undefined;
  const history = rolloutHistory({ kind: kind as RolloutKind, namespace: finding.namespace, name }, ctx.snapshot);
  const start = failureStart(finding, ctx);
  if (start === 0) return undefined;
  const before = history.filter((r) => r.createdAt > 0 && r.createdAt <= start && ctx.now - r.createdAt <= WHAT_CHANGED_WINDOW_MS && r.changes.length > 0);
  const revision = before.at(-1);
  if (revision === undefined) return undefined;
  return { revision, previous: history[history.indexOf(revision) - 1], after: start - revision.createdAt };
}

/**
 * Adds "what changed" to findings whose failure began after a rollout of their workload in the
 * last 24 h: a root-cause line (`failing since 3 min after revision 7: image app: web:1.4 →
 * web:1.5; previous: revision 6`) and a clause in the summary. Rule fixes and the prompt then
 * offer `kubectl rollout undo --to-revision=6` first.
 */
export function addWhatChanged(findings: Finding[], ctx: AnalysisContext): void {
  for (const finding of findings) {
    const change = changeBeforeFailure(finding, ctx);
    if (change === undefined) continue;
    const { revision, previous } = change;
    const changes = revision.changes.slice(0, MAX_CHANGES).join('; ');
    const line = `failing since ${span(change.after)} after revision ${revision.revision} (${revision.source.kind} ${revision.source.name}): ${changes}${previous !== undefined ? `; previous: revision ${previous.revision}` : ''}`;
    finding.rootCause.push(line);
    finding.evidence.splice(finding.rootCause.length - 1, 0, line);
    finding.summary = `${finding.summary} · since revision ${revision.revision}: ${revision.changes[0] ?? ''}`;
  }
}
