import type { types } from '@slack/bolt';
import { headings } from '../diagnose/headings.js';
import { redactLines } from '../diagnose/redact.js';
import type { Evidence, Language } from '../diagnose/types.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { fitTail, fitText, SLACK_LIMITS } from './fitText.js';
import { slackLabels } from './slackLabels.js';
import type { SlackMessage } from './types.js';

/** Sections shown; the rest is summarized in one line (the LLM still saw them). */
const MAX_SECTIONS = 12;
/** Lines per section: a phone screen, not a log file. */
const MAX_LINES = 25;

/**
 * The first reply in an incident thread: the evidence (events, container states, the last log
 * lines), each section in a code block, redacted, and within Slack's limits. Log sections keep
 * their last lines (the crash is at the end); other sections their first (most telling first).
 */
export function renderEvidenceReply(evidence: Evidence, language: Language): SlackMessage {
  const l = slackLabels(language);
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${headings(language).evidence}*` } }];
  const shown = evidence.sections.filter((s) => s.lines.length > 0).slice(0, MAX_SECTIONS);
  for (const section of shown) {
    const isLog = /\blogs?\b|ログ/i.test(section.title);
    const lines = redactLines(section.lines);
    const kept = isLog ? lines.slice(-MAX_LINES) : lines.slice(0, MAX_LINES);
    const dropped = lines.length - kept.length;
    const note = dropped > 0 ? `\n_${l.moreLines(dropped)}_` : '';
    const title = `*${fitText(escapeMrkdwn(section.title), 200)}*\n`;
    const budget = SLACK_LIMITS.sectionText - Array.from(title + note).length - 6;
    const body = escapeMrkdwn(kept.join('\n').replaceAll('```', "'''"));
    const code = isLog ? fitTail(body, budget) : fitText(body, budget);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${title}\`\`\`${code}\`\`\`${note}` } });
  }
  const hidden = evidence.sections.filter((s) => s.lines.length > 0).length - shown.length;
  if (hidden > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: l.moreItems(hidden) }] });
  return { text: fitText(`${headings(language).evidence}: ${escapeMrkdwn(shown.map((s) => s.title).join(', '))}`, SLACK_LIMITS.fallbackText), blocks };
}
