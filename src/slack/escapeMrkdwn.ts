/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so text from a pod,
 * an event or the LLM can never form a mention (`<!channel>`) or a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
