import { summaryIn } from '../analyze/summaryIn.js';
import type { Finding } from '../analyze/types.js';
import { headings } from '../diagnose/headings.js';
import { redactText } from '../diagnose/redact.js';
import type { Language } from '../diagnose/types.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { fitText } from './fitText.js';

/** What a lock screen shows of a message: the notification is cut well before this. */
export const NOTIFICATION_MAX_CHARS = 149;

/**
 * The one-line cause of a finding, without the workload that the notification already names:
 * the summary's part after its subject (`3 pods of Deployment/web in prod: container "app"
 * keeps crashing` → `container "app" keeps crashing`), with the failing component in front when
 * that part does not name it (`PersistentVolumeClaim "data" is not bound …`).
 */
export function oneLineCause(finding: Finding, language: Language): string {
  const summary = summaryIn(finding, language).split('\n', 1)[0] ?? '';
  const colon = summary.indexOf(': ');
  const tail = colon < 0 ? summary : summary.slice(colon + 2);
  const component = finding.component.replace(` of ${finding.workload}`, '');
  // The Japanese summary always says what failed; only the analyzer's English one may not.
  if (language !== 'en' || tail.startsWith(component) || component === '' || colon < 0) return tail;
  return `${component} ${tail}`;
}

/**
 * The message's `text`, which is what a notification shows: severity, cluster, namespace and
 * workload, then the one-line cause, each once, in under 150 characters, redacted, and escaped
 * (the text is mrkdwn: names and messages come from the cluster).
 */
export function notificationText(input: { finding: Finding; cluster: string; language: Language; resolved?: string }): string {
  const { finding, cluster, language } = input;
  const where = `${finding.namespace === '' ? '' : `${finding.namespace}/`}${finding.workload}`;
  const lead = input.resolved === undefined ? headings(language).severities[finding.severity] : input.resolved;
  return fitText(`${lead} · ${escapeMrkdwn(`${cluster} · ${where}: ${redactText(oneLineCause(finding, language))}`)}`, NOTIFICATION_MAX_CHARS);
}
