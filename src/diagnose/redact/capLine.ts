/**
 * Longest line kept in evidence. Nothing an SRE reads in a log or an event needs more, and the
 * redaction rules then never see more than this in one line, however long the original was.
 */
export const MAX_LINE_CHARS = 2000;

/** `line` cut to `max` characters, with a visible note of how much was cut. */
export function capLine(line: string, max = MAX_LINE_CHARS): string {
  return line.length <= max ? line : `${line.slice(0, max)}… ${line.length - max} more chars`;
}
