import type { EvidenceSection } from '../diagnose/types.js';
import type { Alert } from './alertmanagerPayload.js';

/** Alerts described in the evidence; more are counted. */
const MAX_ALERTS = 10;
/** Labels that say nothing about the failure. */
const NOISE = new Set(['alertname', 'prometheus', 'endpoint', 'instance', 'job', 'service', 'metrics_path']);

/**
 * The alerts of an incident as evidence: name, status and since when, the labels that matter and
 * every annotation. Not yet redacted: the caller redacts all evidence at once.
 */
export function alertEvidence(alerts: readonly Alert[]): EvidenceSection {
  const lines = alerts.slice(0, MAX_ALERTS).flatMap((alert) => {
    const labels = Object.entries(alert.labels).filter(([name]) => !NOISE.has(name)).map(([name, value]) => `${name}=${value}`);
    const annotations = Object.entries(alert.annotations).map(([name, value]) => `  ${name}: ${value}`);
    return [`${alert.labels.alertname ?? ''} ${alert.status} since ${alert.startsAt} {${labels.join(', ')}}`, ...annotations];
  });
  if (alerts.length > MAX_ALERTS) lines.push(`… ${alerts.length - MAX_ALERTS} more alerts`);
  return { title: 'Prometheus alerts', lines, priority: 15 };
}
