/**
 * `text` on one line: its lines trimmed and joined with a space, blank lines dropped. Written
 * without a regex: whitespace-around-newline patterns backtrack quadratically over a long run of
 * spaces, and a termination message or an event is text a container controls.
 */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
