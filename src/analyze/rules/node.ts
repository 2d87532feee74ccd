import type { AnalysisContext } from '../createAnalysisContext.js';
import { formatEvent } from '../formatEvent.js';
import type { Issue } from './Issue.js';

const PRESSURE = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

/** Nodes that are NotReady or unknown (critical) or under pressure (high), with their events. */
export function nodeIssues(ctx: AnalysisContext): Issue[] {
  const issues: Issue[] = [];
  for (const node of ctx.snapshot.nodes) {
    const name = node.metadata?.name ?? '';
    const conditions = node.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === 'Ready');
    const notReady = ready !== undefined && ready.status !== 'True';
    const pressures = conditions.filter((c) => PRESSURE.has(c.type) && c.status === 'True');
    if (!notReady && pressures.length === 0) continue;
    const bad = [...(notReady && ready !== undefined ? [ready] : []), ...pressures];
    const conditionLines = bad.map((c) => `node ${name}: condition ${c.type}=${c.status} (${c.reason ?? ''}): ${c.message ?? ''}`);
    const events = ctx.events
      .about('Node', '', name, node.metadata?.uid)
      .filter((e) => e.type === 'Warning' || /NotReady|Pressure|Rebooted|NodeNotSchedulable/.test(e.reason ?? ''));
    const taints = (node.spec?.taints ?? []).map((t) => `node ${name}: taint ${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}`);
    const pods = ctx.podsOnNode(name).map((p) => p.metadata?.name ?? '');
    issues.push({
      category: 'NodeNotReady',
      subject: { kind: 'Node', namespace: '', name },
      workload: `Node/${name}`,
      pods,
      containers: [],
      rootCause: conditionLines,
      evidence: [...[...new Set(events.map(formatEvent))].slice(0, 5), ...taints, ...(node.spec?.unschedulable === true ? [`node ${name}: cordoned (unschedulable)`] : [])],
      related: [],
      detail: `${bad.map((c) => `${c.type}=${c.status}`).join(', ')}; ${pods.length} pod${pods.length === 1 ? '' : 's'} on it`,
      ...(notReady ? {} : { severity: 'high' as const }),
    });
  }
  return issues;
}
