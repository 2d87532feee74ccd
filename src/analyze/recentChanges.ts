import { eventLastSeen } from './eventLastSeen.js';
import { rolloutHistory, type RolloutKind } from './rolloutHistory.js';
import { toTime } from './toTime.js';
import type { ClusterSnapshot, Finding } from './types.js';
import { describeRevision, span, WHAT_CHANGED_WINDOW_MS } from './whatChanged.js';

const ROLLOUT_KINDS = new Set<string>(['Deployment', 'StatefulSet', 'DaemonSet']);
const NODE_REMOVED = new Set(['RemovingNode', 'DeletingNode', 'NodeDeleted']);
const RESIZE = new Set(['Resizing', 'ExternalExpanding', 'FileSystemResizeRequired', 'FileSystemResizeSuccessful', 'VolumeResizeSuccessful', 'VolumeResizeFailed']);
const MAX_LINES = 8;

/**
 * What changed in the last 24 h around a finding, newest first, as far as the snapshot shows:
 * its workload's rollouts (with what each changed), nodes added or removed, its claims resized.
 */
export function recentChanges(finding: Finding, snapshot: ClusterSnapshot, now: number): string[] {
  const recent = (ms: number): boolean => ms > 0 && now - ms <= WHAT_CHANGED_WINDOW_MS;
  const timed: { at: number; line: string }[] = [];
  const [kind, name] = finding.workload.split('/');
  if (kind !== undefined && name !== undefined && ROLLOUT_KINDS.has(kind)) {
    for (const r of rolloutHistory({ kind: kind as RolloutKind, namespace: finding.namespace, name }, snapshot)) {
      if (recent(r.createdAt)) timed.push({ at: r.createdAt, line: describeRevision(r, now) });
    }
  }
  for (const node of snapshot.nodes) {
    const created = toTime(node.metadata?.creationTimestamp);
    if (recent(created)) timed.push({ at: created, line: `node ${node.metadata?.name ?? ''} added ${span(now - created)} ago` });
  }
  const claims = new Set(finding.related.filter((r) => r.kind === 'PersistentVolumeClaim').map((r) => r.name));
  if (finding.kind === 'PersistentVolumeClaim') claims.add(finding.name);
  for (const e of snapshot.events) {
    const ref = e.involvedObject;
    const at = eventLastSeen(e);
    if (!recent(at)) continue;
    if (ref.kind === 'Node' && NODE_REMOVED.has(e.reason ?? '')) timed.push({ at, line: `node ${ref.name ?? ''} removed ${span(now - at)} ago (${e.reason ?? ''}: ${e.message ?? ''})` });
    if (ref.kind === 'PersistentVolumeClaim' && ref.namespace === finding.namespace && claims.has(ref.name ?? '') && RESIZE.has(e.reason ?? '')) {
      timed.push({ at, line: `PersistentVolumeClaim ${ref.name ?? ''} resized ${span(now - at)} ago (${e.reason ?? ''}: ${e.message ?? ''})` });
    }
  }
  return timed.sort((a, b) => b.at - a.at).slice(0, MAX_LINES).map((t) => t.line);
}
