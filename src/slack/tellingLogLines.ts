import { redactLines } from '../diagnose/redact.js';
import type { Evidence } from '../diagnose/types.js';

/** Words that make a log line worth reading first. */
const TELLING = /\b(?:error|err|fatal|panic|exception|traceback|fail(?:ed|ure)?|refused|denied|forbidden|killed|cannot|can't|unable|not found|no such|timed? ?out|exit(?:ed)?|oom)\b/i;

/**
 * The `count` most telling lines of the crashed container's log, redacted, in log order: the
 * lines that say error, fatal, refused, … (the last ones, nearest the crash), else the last lines.
 * The previous run's log comes first: that is the run that crashed. Empty without a log.
 */
export function tellingLogLines(evidence: Evidence, count = 3): { lines: string[] } | undefined {
  const logs = evidence.sections.filter((section) => /\blogs?\b|ログ/i.test(section.title) && section.lines.some((line) => line.trim() !== ''));
  const section = logs.find((s) => /previous|直前/i.test(s.title)) ?? logs[0];
  if (section === undefined) return undefined;
  const lines = redactLines(section.lines).filter((line) => line.trim() !== '');
  const telling = lines.filter((line) => TELLING.test(line));
  return { lines: (telling.length > 0 ? telling : lines).slice(-count) };
}
