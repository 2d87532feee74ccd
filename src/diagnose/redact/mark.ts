/** What a redacted value becomes; the kind tells the reader (and the LLM) what was there. */
export const mark = (kind: string): string => `<redacted:${kind}>`;

/** True for a value some rule already replaced: no rule redacts twice. */
export const isRedacted = (value: string): boolean => value.startsWith('<redacted');
