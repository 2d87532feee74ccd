import type { Tokenizer } from './tokenizerFor.js';

/** One log line can be a 5 kB JSON blob; no single line may take the whole cap. */
const MAX_LINE_CHARS = 400;

const capLine = (line: string): string => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… (${line.length - MAX_LINE_CHARS} chars omitted)` : line);

/**
 * The lines cut to `maxTokens` of the model's tokenizer, saying what was cut: `… N more lines`
 * after the head, or `… N earlier lines` before the tail (`keep: 'tail'`, for logs).
 */
export function capLines(lines: readonly string[], maxTokens: number, tokenizer: Tokenizer, keep: 'head' | 'tail' = 'head'): string[] {
  const capped = lines.map(capLine);
  const cut = (n: number): string[] => {
    if (n >= capped.length) return capped;
    const omitted = capped.length - n;
    return keep === 'tail' ? [`… ${omitted} earlier lines`, ...capped.slice(capped.length - n)] : [...capped.slice(0, n), `… ${omitted} more lines`];
  };
  const cost = (n: number) => tokenizer.count(cut(n).join('\n'));
  if (cost(capped.length) <= maxTokens) return capped;
  // The most lines that fit: binary search over the cut's real token count.
  let lo = 0;
  let hi = capped.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cost(mid) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}
