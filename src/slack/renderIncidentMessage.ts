import type { types } from '@slack/bolt';
import { summaryIn } from '../analyze/summaryIn.js';
import type { Finding, Severity } from '../analyze/types.js';
import { headings } from '../diagnose/headings.js';
import { redactText } from '../diagnose/redact.js';
import type { DiagnosisResult, Language, Step } from '../diagnose/types.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { renderLookedAt } from './renderLookedAt.js';
import { fitText, SLACK_LIMITS } from './fitText.js';
import { notificationText } from './notificationText.js';
import { slackLabels } from './slackLabels.js';
import { ACTIONS, INCIDENT_EVENT_TYPE, type SlackMessage } from './types.js';

/** What the message says about the incident besides the diagnosis. */
export interface IncidentView {
  /** Key of the thread in the thread store: the incident fingerprint, or a command's own key. */
  key: string;
  cluster: string;
  finding: Finding;
  /** ISO timestamp; absent for a `/k8s-diagnose` post, like `occurrences`. */
  firstSeen?: string;
  occurrences?: number;
  /** Owners to mention (from the notify annotation), already in Slack syntax (`<!subteam^S1>`, `@team`). */
  mentions?: string[];
  /** Set once the incident is resolved: the header says so. */
  resolvedAfterMs?: number;
  /** Show the mute buttons (only incidents from the watcher can be muted). Default true. */
  mutable?: boolean;
  /** The crashed container's most telling log lines (`tellingLogLines`), shown in the message. */
  logLines?: { lines: string[] };
  /** The `RUNBOOK_URLS` link: a button. */
  runbookUrl?: string;
  /** Who pressed "I'm on it" (a user id): said under the diagnosis. */
  onItBy?: string;
  /** Muted now: "Unmute" instead of the mute buttons. */
  muted?: boolean;
}

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

/** Pod names listed in the fields; the count says how many there are. */
const MAX_PODS = 5;
/** Most items a list shows before "…and N more in the thread": the message fits a phone screen. */
const MAX_ITEMS = 2;
/** Longest single list item or command, so one runaway item cannot crowd out the rest. */
const MAX_ITEM_CHARS = 600;

/**
 * The ops-channel message for an incident: header (severity, category, workload), fields, the
 * seed's five parts, a context line saying who wrote it, and the buttons. Pure, and within
 * Slack's limits by construction: every text is cut to its limit and the block count is fixed.
 */
export function renderIncidentMessage(input: { incident: IncidentView; result: DiagnosisResult; language: Language }): SlackMessage {
  const { incident, result, language } = input;
  const { finding } = incident;
  const h = headings(language);
  const l = slackLabels(language);
  const d = result.diagnosis;
  const workload = workloadLabel(finding);

  const resolved = incident.resolvedAfterMs === undefined ? undefined : l.resolvedAfter(formatDuration(incident.resolvedAfterMs, language));
  const headerText = resolved === undefined
    ? `${SEVERITY_EMOJI[finding.severity]} ${finding.category} · ${workload}`
    : `:white_check_mark: ${resolved} · ${finding.category} · ${workload}`;

  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: fitText(headerText, SLACK_LIMITS.headerText), emoji: true } }];
  const summary = escapeMrkdwn(redactText(summaryIn(finding, language)));
  const mentions = incident.mentions !== undefined && incident.mentions.length > 0 ? `${incident.mentions.join(' ')} ` : '';
  blocks.push(section(`${mentions}${summary}`));
  if (incident.logLines !== undefined && incident.logLines.lines.length > 0) {
    const code = escapeMrkdwn(incident.logLines.lines.join('\n').replaceAll('```', "'''"));
    blocks.push(section(`*${l.logExcerpt}*\n\`\`\`${fitText(code, SLACK_LIMITS.sectionText - 400)}\`\`\``));
  }

  const fields: [string, string | undefined][] = [
    [h.cluster, escapeMrkdwn(incident.cluster)],
    [h.namespace, finding.namespace === '' ? '—' : escapeMrkdwn(finding.namespace)],
    [l.workload, escapeMrkdwn(finding.workload)],
    [h.severity, h.severities[finding.severity]],
    [h.pods, finding.pods.length === 0 ? '—' : escapeMrkdwn(`${finding.pods.length}: ${finding.pods.slice(0, MAX_PODS).join(', ')}${finding.pods.length > MAX_PODS ? ', …' : ''}`)],
    [l.firstSeen, incident.firstSeen === undefined ? undefined : slackDate(incident.firstSeen)],
    [l.occurrences, incident.occurrences === undefined ? undefined : String(incident.occurrences)],
  ];
  blocks.push({
    type: 'section',
    fields: fields.flatMap(([label, value]) => (value === undefined ? [] : [[label, value] as const])).slice(0, SLACK_LIMITS.fields).map(([label, value]) => ({ type: 'mrkdwn', text: fitText(`*${label}*\n${value}`, SLACK_LIMITS.fieldText) })),
  });

  blocks.push({ type: 'divider' });
  blocks.push(section(`*1. ${h.faultLocation}:* ${escapeMrkdwn(d.faultLocation)}\n*${h.additionalInfo}:* ${escapeMrkdwn(d.additionalInfo)}`));
  blocks.push(section(`*2. ${h.explanation}*\n${escapeMrkdwn(d.explanation)}`));
  // Each kubectl command once: a fix that repeats a debug step's command refers to it by text.
  const shownCommands = new Set<string>();
  blocks.push(section(listText(`*3. ${h.causes}*`, d.causes.map((c) => ({ text: c })), language, { shownCommands })));
  blocks.push(section(listText(`*4. ${h.debugSteps}*`, d.debugSteps, language, { shownCommands })));
  blocks.push(section(listText(`*5. ${h.fixes}*`, d.fixes, language, { shownCommands })));

  const onIt = incident.onItBy === undefined ? '' : ` · ${l.onItBy(incident.onItBy)}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fitText(`${sourceLine(result, language)}${onIt}`, SLACK_LIMITS.sectionText) }] });
  const lookedAt = renderLookedAt(result.lookedAt, language);
  if (lookedAt !== undefined) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: lookedAt }] });
  if (resolved === undefined) blocks.push(buttons(incident, language));

  return {
    // The notification text is mrkdwn too: notificationText escapes pod-controlled names and messages.
    text: notificationText({ finding, cluster: incident.cluster, language, ...(resolved === undefined ? {} : { resolved }) }),
    blocks,
    metadata: { event_type: INCIDENT_EVENT_TYPE, event_payload: { key: incident.key } },
  };
}

/** "Deployment test-deployment" from `Deployment/test-deployment`. */
function workloadLabel(finding: Finding): string {
  return finding.workload.replace('/', ' ');
}

/** Who wrote the diagnosis, and the reminder to verify. */
export function sourceLine(result: Pick<DiagnosisResult, 'source'>, language: Language): string {
  const h = headings(language);
  const source = result.source;
  // The detail (an error message) belongs in the logs; the channel only needs to know why.
  if (source.kind === 'rules') return source.reason === 'llm-failed' ? `${h.ruleBased} · ${h.llmFailed}` : h.ruleBased;
  return `${h.aiGenerated} (${escapeMrkdwn(source.model)}${source.cached ? ', cached' : ''}) · ${slackLabels(language).verify}`;
}

function buttons(incident: IncidentView, language: Language): types.ActionsBlock {
  const l = slackLabels(language);
  const value = fitText(incident.key, SLACK_LIMITS.actionValue);
  const button = (actionId: string, text: string): types.Button => ({
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: fitText(text, SLACK_LIMITS.buttonText) },
    value,
  });
  const elements = [button(ACTIONS.rediagnose, l.rediagnose)];
  if (incident.mutable !== false) {
    if (incident.onItBy === undefined) elements.unshift(button(ACTIONS.onIt, l.onIt));
    if (incident.muted === true) elements.push(button(ACTIONS.unmute, l.unmute));
    else elements.push(button(ACTIONS.mute1h, l.mute1h), button(ACTIONS.mute24h, l.mute24h));
  }
  if (incident.runbookUrl !== undefined) elements.push({ ...button(ACTIONS.runbook, l.runbook), url: incident.runbookUrl });
  return { type: 'actions', elements };
}

/**
 * The lists of a diagnosis in full, for the thread's reply, when the message had to cut any of
 * them; undefined when the message shows everything.
 */
export function renderFullDiagnosis(result: DiagnosisResult, language: Language): SlackMessage | undefined {
  const d = result.diagnosis;
  if (Math.max(d.causes.length, d.debugSteps.length, d.fixes.length) <= MAX_ITEMS) return undefined;
  const h = headings(language);
  const l = slackLabels(language);
  const all = { maxItems: Number.POSITIVE_INFINITY };
  const lists: [string, Step[]][] = [
    [`*3. ${h.causes}*`, d.causes.map((c) => ({ text: c }))],
    [`*4. ${h.debugSteps}*`, d.debugSteps],
    [`*5. ${h.fixes}*`, d.fixes],
  ];
  return {
    text: l.fullDiagnosis,
    blocks: [section(`*${l.fullDiagnosis}*`), ...lists.map(([title, steps]) => section(listText(title, steps, language, all)))],
  };
}

/**
 * A numbered list with commands in code, cut item by item so no code block is left open. A
 * command already in `shownCommands` is not repeated; the ones shown are added to it.
 */
function listText(title: string, steps: Step[], language: Language, options: { maxItems?: number; shownCommands?: Set<string> } = {}): string {
  const budget = SLACK_LIMITS.sectionText;
  const maxItems = options.maxItems ?? MAX_ITEMS;
  const l = slackLabels(language);
  const more = (n: number): string => `\n_${maxItems === MAX_ITEMS ? l.moreInThread(n) : l.moreItems(n)}_`;
  let text = title;
  for (const [index, step] of steps.entries()) {
    const fresh = step.command !== undefined && step.command !== '' && options.shownCommands?.has(step.command) !== true;
    const command = fresh ? `\n\`\`\`${fitText(escapeMrkdwn(step.command ?? ''), MAX_ITEM_CHARS)}\`\`\`` : '';
    const item = `\n${index + 1}. ${fitText(escapeMrkdwn(step.text), MAX_ITEM_CHARS)}${command}`;
    const remaining = steps.length - index - 1;
    const reserve = remaining > 0 ? Array.from(more(remaining)).length : 0;
    if (index >= maxItems || Array.from(text + item).length + reserve > budget) return text + more(steps.length - index);
    text += item;
    if (fresh) options.shownCommands?.add(step.command ?? '');
  }
  return text;
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: fitText(text, SLACK_LIMITS.sectionText) } };
}

/** Slack renders the date in each reader's own time zone; the ISO string is the fallback. */
function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<!date^${seconds}^{date_short_pretty} {time}|${iso}>` : escapeMrkdwn(iso);
}

/** "12 min", "2 h 5 min"; never "0 min". */
export function formatDuration(ms: number, language: Language): string {
  const l = slackLabels(language);
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes < 60 ? l.minutes(minutes) : l.hours(Math.floor(minutes / 60), minutes % 60);
}
