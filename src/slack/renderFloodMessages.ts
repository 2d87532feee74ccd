import type { types } from '@slack/bolt';
import type { Category } from '../analyze/types.js';
import type { Language } from '../diagnose/types.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { fitText, SLACK_LIMITS } from './fitText.js';
import { slackLabels } from './slackLabels.js';
import { ACTIONS, type SlackMessage } from './types.js';

/** A flood: the summary message and what it summarises so far. */
export interface FloodState {
  id: string;
  total: number;
  namespaces: number;
  /** Incidents per category, most first. */
  categories: Array<{ category: Category; count: number }>;
}

/** One summarised incident, as its category's thread reply lists it. */
export interface FloodEntry {
  key: string;
  namespace: string;
  workload: string;
  severity: string;
}

/** Categories named in the summary's one-line text. */
const TOP = 5;
/** Incidents listed (each with its button) in one category reply: within the 50-block limit. */
export const MAX_LISTED = 45;

/**
 * The one top-level message of a flood: "47 new failures in 31 namespaces: top categories …",
 * every category with its count, and where to find each incident (the thread).
 */
export function renderFloodSummary(state: FloodState, cluster: string, language: Language): SlackMessage {
  const l = slackLabels(language);
  const title = l.floodTitle(state.total, state.namespaces);
  const top = state.categories.slice(0, TOP).map((c) => `${c.category} (${c.count})`).join(', ');
  const lines = state.categories.map((c) => `• *${c.category}*: ${c.count}`).join('\n');
  return {
    text: fitText(`${title} (${escapeMrkdwn(cluster)}): ${l.topCategories} ${top}`, SLACK_LIMITS.fallbackText),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: fitText(`:rotating_light: ${title} · ${cluster}`, SLACK_LIMITS.headerText), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: fitText(lines, SLACK_LIMITS.sectionText) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: l.floodHint }],
      },
    ],
  };
}

/** A category's thread reply under the summary: one line and one Diagnose button per incident. */
export function renderFloodCategory(category: Category, entries: FloodEntry[], total: number, language: Language): SlackMessage {
  const l = slackLabels(language);
  const shown = entries.slice(0, MAX_LISTED);
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${category}* · ${l.incidents(total)}` } }];
  for (const entry of shown) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: fitText(`${escapeMrkdwn(entry.workload)} in ${entry.namespace === '' ? l.cluster : escapeMrkdwn(entry.namespace)} (${entry.severity})`, SLACK_LIMITS.sectionText) },
      accessory: { type: 'button', action_id: ACTIONS.diagnose, text: { type: 'plain_text', text: l.diagnose }, value: fitText(entry.key, SLACK_LIMITS.actionValue) },
    });
  }
  if (total > shown.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: l.floodMore(total - shown.length) }] });
  return { text: fitText(`${category}: ${l.incidents(total)}`, SLACK_LIMITS.fallbackText), blocks };
}
