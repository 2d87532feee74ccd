import { redactText } from '../diagnose/redact.js';
import type { Language } from '../diagnose/types.js';
import { escapeMrkdwn } from './escapeMrkdwn.js';
import { fitText } from './fitText.js';

const LABEL: Readonly<Record<Language, string>> = { en: 'Looked at', ja: '参照したもの' };
/** One line on a phone: a long investigation's list is cut, not wrapped over the screen. */
const MAX_CHARS = 300;

/** The one-line "Looked at: …" an investigated answer ends with; undefined when nothing was read. */
export function renderLookedAt(lookedAt: readonly string[] | undefined, language: Language): string | undefined {
  if (lookedAt === undefined || lookedAt.length === 0) return undefined;
  return fitText(`${LABEL[language]}: ${escapeMrkdwn(redactText(lookedAt.join(', ')))}`, MAX_CHARS);
}
