import type { Finding } from '../analyze/types.js';
import { redactText } from '../diagnose/redact.js';
import type { Language } from '../diagnose/types.js';
import { fitText } from './fitText.js';
import { slackLabels } from './slackLabels.js';

/** What a lock screen shows of a message: the notification is cut well before this. */
export const NOTIFICATION_MAX_CHARS = 149;

/**
 * The one-line cause of a finding, without the workload that the notification already names:
 * the summary's part after its subject (`3 pods of Deployment/web in prod: container "app"
 * keeps crashing` → `container "app" keeps crashing`), with the failing component in front when
 * that part does not name it (`PersistentVolumeClaim "data" is not bound …`).
 */
export function oneLineCause(finding: Finding): string {
  const summary = finding.summary.split('\n', 1)[0] ?? '';
  const colon = summary.indexOf(': ');
  const tail = colon < 0 ? summary : summary.slice(colon + 2);
  const component = finding.component.replace(` of ${finding.workload}`, '');
  return tail.startsWith(component) || component === '' || colon < 0 ? tail : `${component} ${tail}`;
}

/**
 * The message's `text`, which is what a notification shows: severity, cluster, namespace and
 * workload, then the one-line cause, each once, in under 150 characters, redacted.
 */
export function notificationText(input: { finding: Finding; cluster: string; language: Language; resolved?: string }): string {
  const { finding, cluster, language } = input;
  const l = slackLabels(language);
  const where = `${finding.namespace === '' ? '' : `${finding.namespace}/`}${finding.workload}`;
  const lead = input.resolved === undefined ? l.severityWord(finding.severity) : input.resolved;
  return fitText(`${lead} · ${cluster} · ${where}: ${redactText(oneLineCause(finding))}`, NOTIFICATION_MAX_CHARS);
}
