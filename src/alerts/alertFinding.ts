import { createWorkloadResolver } from '../analyze/resolveWorkload.js';
import type { ClusterSnapshot, Finding, Severity } from '../analyze/types.js';
import type { Alert } from './alertmanagerPayload.js';
import type { AlertTarget } from './alertTarget.js';

/** kube-prometheus's severities (`critical`, `warning`, `info`) on the analyzer's scale. */
const SEVERITIES: Readonly<Record<string, Severity>> = { critical: 'critical', error: 'high', high: 'high', warning: 'medium', info: 'low', none: 'low' };

/** The analyzer's severity for an alert's `severity` label (`medium` when unknown). */
export function alertSeverity(alert: Pick<Alert, 'labels'>): Severity {
  return SEVERITIES[(alert.labels.severity ?? '').toLowerCase()] ?? 'medium';
}

/**
 * A finding made from an alert, for a workload the analyzer finds nothing wrong with (a high
 * error rate, a filling volume) or an alert about no object: category `Other`, the workload's
 * pods (so their state, events and logs become evidence), the alert's summary as its summary.
 */
export function alertFinding(alert: Alert, at: { target: AlertTarget | undefined; namespace: string; workload: string }, snapshot: ClusterSnapshot): Finding {
  const alertname = alert.labels.alertname ?? '';
  const resolver = createWorkloadResolver(snapshot);
  const pods = at.target === undefined
    ? []
    : snapshot.pods
        .filter((p) => p.metadata?.namespace === at.namespace && resolver.ofPod(p) === at.workload)
        .map((p) => p.metadata?.name ?? '')
        .sort();
  const [firstPod] = pods;
  const summary = alert.annotations.summary ?? alert.annotations.description ?? alert.annotations.message ?? '';
  return {
    kind: firstPod !== undefined ? 'Pod' : (at.target?.kind ?? 'PrometheusAlert'),
    namespace: at.namespace,
    name: firstPod ?? at.target?.name ?? alertname,
    workload: at.workload,
    category: 'Other',
    component: at.target === undefined ? `Prometheus alert ${alertname}` : at.workload,
    severity: alertSeverity(alert),
    summary: summary === '' ? `Prometheus alert ${alertname} is firing` : summary,
    evidence: [],
    rootCause: [],
    pods,
    containers: alert.labels.container === undefined ? [] : [alert.labels.container],
    related: [],
  };
}
