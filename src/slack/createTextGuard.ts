import type { types } from '@slack/bolt';
import picomatch from 'picomatch';
import type { SlackMessage } from './types.js';

/** Rewrites one mrkdwn text so it is safe to send. */
export type TextGuard = (text: string) => string;

/** Control sequences kept as they are: a user, a user group, a date. */
const KEPT = [/^@[UW][A-Z0-9]+(\|[^|]*)?$/, /^!subteam\^S[A-Z0-9]+(\|[^|]*)?$/, /^!date\^\d+\^[^|]*(\|[^|]*)?$/];
/** Mentions of everyone: `<!channel>`, `<!here>`, `<!everyone>`, `<!group>`, with or without a label. */
const BROADCAST = /^!(channel|here|everyone|group)(\||$)/;
/** A `<…>` sequence, or a stray angle bracket. */
const CONTROL = /<([^<>\n]*)>|[<>]/g;
/** Code (not linkified by Slack), a sequence we produced, a bare URL, or a plain-text broadcast mention. */
const PLAIN = /(```[\s\S]*?```|`[^`\n]*`|<[^<>\n]*>)|(https?:\/\/[^\s<>|`()]+)|(^|[^\w])@(channel|here|everyone)\b/g;

/**
 * The last filter before anything reaches Slack, for texts from any source (a pod, an event, the
 * LLM, us): mentions of everyone are dropped, only user and user-group mentions and dates are kept
 * as control sequences, every other `<…>` is escaped, a link's text never differs from its
 * target (`<u|t>` becomes `t (u)`), and a URL whose host is not in `linkHosts` (host globs) is
 * shown defanged (`hxxps://evil[.]example/x`): readable, not clickable.
 */
export function createTextGuard(linkHosts: readonly string[]): TextGuard {
  const patterns = linkHosts.map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
  const allowed = patterns.length === 0 ? () => false : picomatch(patterns, { nocase: true });
  const link = (target: string): string => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return escapeAngles(target);
    }
    if (allowed(url.hostname)) return `<${target}>`;
    return target.replace(/^http/i, 'hxxp').replace(url.host, url.host.replaceAll('.', '[.]'));
  };
  const control = (whole: string, inner: string | undefined): string => {
    if (inner === undefined) return escapeAngles(whole);
    if (KEPT.some((re) => re.test(inner))) return whole;
    if (BROADCAST.test(inner)) return '';
    if (/^https?:\/\//i.test(inner)) {
      const bar = inner.indexOf('|');
      const target = bar < 0 ? inner : inner.slice(0, bar);
      const label = bar < 0 ? '' : inner.slice(bar + 1).trim();
      return label === '' || label === target ? link(target) : `${escapeAngles(label)} (${link(target)})`;
    }
    return escapeAngles(whole);
  };
  return (text) =>
    text
      .replace(CONTROL, (whole, inner: string | undefined) => control(whole, inner))
      .replace(PLAIN, (_whole, kept: string | undefined, url: string | undefined, before: string | undefined, word: string | undefined) => {
        if (kept !== undefined) return kept;
        if (url !== undefined) return link(url).replace(/^<(.*)>$/, '$1');
        return `${before ?? ''}${word ?? ''}`;
      });
}

/** `message` with the guard applied to its fallback text and to every mrkdwn text in its blocks. */
export function guardMessage<M extends Pick<SlackMessage, 'text'> & { blocks?: types.KnownBlock[] }>(guard: TextGuard, message: M): M {
  if (message.blocks === undefined) return { ...message, text: guard(message.text) };
  return { ...message, text: guard(message.text), blocks: message.blocks.map((block) => guardBlock(guard, block)) };
}

function guardBlock(guard: TextGuard, block: types.KnownBlock): types.KnownBlock {
  const text = (t: types.TextObject): types.TextObject => (t.type === 'mrkdwn' ? { ...t, text: guard(t.text) } : t);
  if (block.type === 'section') {
    return { ...block, ...(block.text === undefined ? {} : { text: text(block.text) }), ...(block.fields === undefined ? {} : { fields: block.fields.map(text) }) };
  }
  if (block.type === 'context') {
    return { ...block, elements: block.elements.map((e) => (e.type === 'mrkdwn' || e.type === 'plain_text' ? text(e) : e)) };
  }
  return block;
}

function escapeAngles(text: string): string {
  return text.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
