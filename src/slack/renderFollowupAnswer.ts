import type { types } from '@slack/bolt';
import { redactText } from '../diagnose/redact.js';
import type { FollowupAnswer, Language } from '../diagnose/types.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { fitText, SLACK_LIMITS } from './fitText.js';
import { renderLookedAt } from './renderLookedAt.js';
import { sourceLine } from './renderIncidentMessage.js';
import type { SlackMessage } from './types.js';

/** Sections of one answer: far below the 50-block limit, and still a lot to read in a thread. */
const MAX_SECTIONS = 10;

/**
 * A follow-up answer as thread blocks: redacted, Markdown turned into Slack mrkdwn, split at line
 * boundaries into sections within the 3,000-character limit, with the source line under it and,
 * after an investigation, a last line saying what it looked at.
 */
export function renderFollowupAnswer(answer: FollowupAnswer, language: Language): SlackMessage {
  const text = toMrkdwn(redactText(answer.text));
  const chunks = splitText(text, SLACK_LIMITS.sectionText - 10);
  const blocks: types.KnownBlock[] = chunks.slice(0, MAX_SECTIONS).map((chunk) => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } }));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: sourceLine(answer, language) }] });
  const lookedAt = renderLookedAt(answer.lookedAt, language);
  if (lookedAt !== undefined) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: lookedAt }] });
  return { text: fitText(lookedAt === undefined ? text : `${text}\n${lookedAt}`, SLACK_LIMITS.fallbackText), blocks };
}

/**
 * The LLM writes Markdown; Slack's mrkdwn differs: `**bold**` → `*bold*`, headings → bold lines,
 * links `[t](u)` → `t (<u>)`, never `<u|t>`: a link's text never differs from its target, so
 * `[https://grafana.internal/d/abc](https://evil.example/x)` cannot pass for the dashboard (the
 * poster's text guard then decides whether the host may be a link at all). `<`, `>` and `&`
 * outside links are escaped so nothing becomes a mention.
 */
function toMrkdwn(markdown: string): string {
  const links: string[] = [];
  const escaped = markdown
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s<>|]+)\)/g, (_m, label: string, url: string) => {
      const text = escapeMrkdwn(label.trim());
      links.push(label.trim() === url ? `<${url}>` : `${text} (<${url}>)`);
      return `\uE000${links.length - 1}\uE000`;
    })
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
  return escaped
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/\uE000(\d+)\uE000/g, (_m, i: string) => links[Number(i)] ?? '');
}

/** Chunks of at most `max` characters, cut at line ends where possible, never inside a code fence. */
function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  let inFence = false;
  for (const line of text.split('\n')) {
    const piece = fitText(line, max - 8);
    if (Array.from(current).length + Array.from(piece).length + 1 > max - 4 && current !== '') {
      chunks.push(inFence ? `${current}\n\`\`\`` : current);
      current = inFence ? '```' : '';
    }
    current = current === '' ? piece : `${current}\n${piece}`;
    if ((piece.match(/```/g) ?? []).length % 2 === 1) inFence = !inFence;
  }
  if (current !== '') chunks.push(inFence ? `${current}\n\`\`\`` : current);
  return chunks.length === 0 ? [' '] : chunks;
}
