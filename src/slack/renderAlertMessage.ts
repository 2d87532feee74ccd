import type { types } from '@slack/bolt';
import { redactText } from '../diagnose/redact.js';
import type { Language } from '../diagnose/types.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { fitText, SLACK_LIMITS } from './fitText.js';
import type { SlackMessage } from './types.js';

/** The Prometheus alert that opened an incident, as its message shows it. */
export interface AlertView {
  alertname: string;
  /** The `severity` label; '' when the alert has none. */
  severity: string;
  /** The `summary` and `description` annotations ('' when absent). */
  summary: string;
  description: string;
  runbookUrl: string;
  generatorURL: string;
}

const SEVERITY_EMOJI: Readonly<Record<string, string>> = { critical: ':red_circle:', error: ':red_circle:', warning: ':large_orange_circle:', info: ':white_circle:' };

const LABELS: Readonly<Record<Language, { alert: string; runbook: string; source: string; firing: (name: string) => string; resolved: (name: string) => string; watcherFiring: (category: string) => string; watcherResolved: (category: string) => string }>> = {
  en: {
    alert: 'Prometheus alert',
    runbook: 'Runbook',
    source: 'Prometheus query',
    firing: (name) => `:rotating_light: Prometheus alert *${name}* is firing for this workload.`,
    resolved: (name) => `:white_check_mark: Prometheus alert *${name}* is resolved.`,
    watcherFiring: (category) => `:eyes: The watcher also sees *${category}* on this workload.`,
    watcherResolved: (category) => `:white_check_mark: The watcher no longer sees *${category}* on this workload.`,
  },
  ja: {
    alert: 'Prometheus アラート',
    runbook: 'Runbook',
    source: 'Prometheus クエリ',
    firing: (name) => `:rotating_light: Prometheus アラート *${name}* がこのワークロードで発火しています。`,
    resolved: (name) => `:white_check_mark: Prometheus アラート *${name}* は解決しました。`,
    watcherFiring: (category) => `:eyes: ウォッチャーもこのワークロードで *${category}* を検出しています。`,
    watcherResolved: (category) => `:white_check_mark: ウォッチャーはこのワークロードで *${category}* を検出しなくなりました。`,
  },
};

/** A link only to http(s), with the characters that would end Slack's `<url|text>` early escaped. */
function link(url: string, text: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  return `<${url.replaceAll('|', '%7C').replaceAll('<', '%3C').replaceAll('>', '%3E').replaceAll(' ', '%20')}|${text}>`;
}

/**
 * An incident message opened by a Prometheus alert: the diagnosis message `base`
 * (`renderIncidentMessage`) with the alert's name and severity as its header and the alert's
 * summary, description and links right below it. Annotations are redacted and escaped.
 */
export function renderAlertMessage(base: SlackMessage, alert: AlertView, options: { workload: string; resolved?: string; language: Language }): SlackMessage {
  const l = LABELS[options.language];
  const severity = alert.severity === '' ? '' : ` · ${alert.severity}`;
  const workload = options.workload.replace('/', ' ');
  const headerText = options.resolved === undefined
    ? `${SEVERITY_EMOJI[alert.severity] ?? ':large_yellow_circle:'} ${alert.alertname}${severity} · ${workload}`
    : `:white_check_mark: ${options.resolved} · ${alert.alertname} · ${workload}`;
  const header: types.HeaderBlock = { type: 'header', text: { type: 'plain_text', text: fitText(headerText, SLACK_LIMITS.headerText), emoji: true } };
  const summary = redactText(alert.summary);
  const lines = [
    `*${l.alert}:* ${escapeMrkdwn(alert.alertname)}${escapeMrkdwn(severity)}`,
    ...(summary === '' ? [] : [`*${escapeMrkdwn(summary)}*`]),
    ...(alert.description === '' ? [] : [escapeMrkdwn(redactText(alert.description))]),
  ];
  const links = [link(alert.runbookUrl, l.runbook), link(alert.generatorURL, l.source)].filter((x): x is string => x !== undefined);
  if (links.length > 0) lines.push(links.join(' · '));
  const section: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: fitText(lines.join('\n'), SLACK_LIMITS.sectionText) } };
  const [first, ...rest] = base.blocks;
  const blocks = first?.type === 'header' ? [header, section, ...rest] : [header, section, ...base.blocks];
  return {
    ...base,
    text: fitText(`${alert.severity === '' ? '' : `${alert.severity.toUpperCase()} `}${alert.alertname} · ${workload}${summary === '' ? '' : `: ${summary}`}${options.resolved === undefined ? '' : ` (${options.resolved})`}`, SLACK_LIMITS.fallbackText),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}

/** The thread note when an alert joins an incident, or when it resolves there. */
export function alertNote(kind: 'firing' | 'resolved', alertname: string, summary: string, language: Language): string {
  const text = LABELS[language][kind](escapeMrkdwn(alertname));
  const detail = redactText(summary);
  return fitText(detail === '' ? text : `${text}\n> ${escapeMrkdwn(detail)}`, SLACK_LIMITS.sectionText);
}

/** The thread note when the watcher's finding joins an alert-opened thread, or when it resolves there. */
export function watcherNote(kind: 'firing' | 'resolved', category: string, language: Language): string {
  const l = LABELS[language];
  return (kind === 'firing' ? l.watcherFiring : l.watcherResolved)(escapeMrkdwn(category));
}
