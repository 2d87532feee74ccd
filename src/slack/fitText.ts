/** Slack's documented limits that our messages must stay within. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  actionValue: 2000,
  /** Slack truncates `text` beyond 40,000; notifications show far less, so we stay short. */
  fallbackText: 3000,
} as const;

const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` characters (code points, so an emoji or kanji is never split),
 * ending in "…" when it was cut. Never cuts inside an HTML entity that mrkdwn escaping produced.
 */
export function fitText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, Math.max(0, max - 1)).join('');
  return cut.replace(/&[a-z]{0,4}$/, '') + ELLIPSIS;
}

/** `text` cut from the start instead: keeps the end (the last log lines), prefixed by "…". */
export function fitTail(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return ELLIPSIS + chars.slice(chars.length - max + 1).join('').replace(/^(?:amp|mp|p|lt|gt|t);/, '');
}
