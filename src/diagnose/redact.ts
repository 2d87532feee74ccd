import { capLine } from './redact/capLine.js';
import { redactText } from './redact/redactText.js';
import type { Evidence, EvidenceSection } from './types.js';

// The one door to redaction for the rest of the bot; each job lives in its own file under redact/.
export { redactArgv, redactCommandAndArgs } from './redact/redactArgv.js';
export { redactObject } from './redact/redactObject.js';
export { redactText };

/**
 * Redacts lines as one text, so that a secret spread over several lines (a PEM key in a log)
 * is caught whole; each line is cut to `MAX_LINE_CHARS` first. Returns the same number of lines
 * or fewer.
 */
export function redactLines(lines: readonly string[]): string[] {
  return redactText(lines.map((line) => capLine(line)).join('\n')).split('\n');
}

/** Every section of `evidence`, redacted. */
export function redactEvidence(evidence: Evidence): Evidence {
  return {
    ...evidence,
    sections: evidence.sections.map((section): EvidenceSection => ({ ...section, lines: redactLines(section.lines) })),
  };
}
