import { renderSections } from './renderDataBlock.js';
import type { Tokenizer } from './tokenizerFor.js';
import type { EvidenceSection } from './types.js';

/** Sections with this priority are never dropped nor cut (the root cause). */
export const MUST_KEEP = 0;
const DEFAULT_PRIORITY = 50;
/** A log cut to fewer lines than this says nothing; drop it instead. */
const MIN_USEFUL_LINES = 3;
/** One log line can be a 5 kB JSON blob; beyond this it is cut (root-cause lines never are). */
const MAX_LINE_CHARS = 400;

const priorityOf = (section: EvidenceSection): number => section.priority ?? DEFAULT_PRIORITY;

function capLine(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (${line.length - MAX_LINE_CHARS} chars omitted)` : line;
}

/** `keep` lines of `section`: a log keeps its head and (mostly) its tail, anything else its head. */
function shorten(section: EvidenceSection, keep: number): EvidenceSection {
  const omitted = section.lines.length - keep;
  if (section.trim === 'middle') {
    const head = Math.floor(keep / 3);
    return {
      ...section,
      lines: [...section.lines.slice(0, head), `… ${omitted} lines omitted …`, ...section.lines.slice(section.lines.length - (keep - head))],
    };
  }
  return { ...section, lines: [...section.lines.slice(0, keep), `… ${omitted} more lines omitted …`] };
}

/**
 * Fits sections into `available` tokens. The most important sections (lowest priority number)
 * are placed first; one that does not fit is shortened (logs from the middle, with a marker) to
 * what is left, or dropped; priority `MUST_KEEP` always stays whole. Returns the survivors in
 * their original order, so the prompt reads the same way whatever was cut.
 */
export function fitSections(sections: readonly EvidenceSection[], available: number, tokenizer: Tokenizer): EvidenceSection[] {
  // Separators between sections cost about two tokens each; count them with the section.
  const cost = (section: EvidenceSection) => tokenizer.count(renderSections([section])) + 2;
  const capped = sections.map((s) => (priorityOf(s) === MUST_KEEP ? s : { ...s, lines: s.lines.map(capLine) }));
  const order = capped.map((_, i) => i).sort((a, b) => priorityOf(capped[a] as EvidenceSection) - priorityOf(capped[b] as EvidenceSection));
  const kept = new Map<number, EvidenceSection>();
  let remaining = available;
  for (const index of order) {
    const section = capped[index] as EvidenceSection;
    const whole = cost(section);
    if (whole <= remaining || priorityOf(section) === MUST_KEEP) {
      kept.set(index, section);
      remaining -= whole;
      continue;
    }
    // The largest number of lines that still fits: binary search over the shortened cost.
    let lo = 0;
    let hi = section.lines.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (cost(shorten(section, mid)) <= remaining) lo = mid;
      else hi = mid - 1;
    }
    const minimum = section.trim === 'middle' ? MIN_USEFUL_LINES : 1;
    if (lo >= minimum) {
      const short = shorten(section, lo);
      kept.set(index, short);
      remaining -= cost(short);
    }
  }
  return capped.flatMap((_, i) => {
    const section = kept.get(i);
    return section ? [section] : [];
  });
}
