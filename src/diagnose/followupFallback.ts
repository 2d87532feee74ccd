import type { Diagnosis, Language } from './types.js';

const TEXT = {
  en: {
    'no-llm': 'I can only answer free-form questions with an LLM, and none is configured (OPENAI_API_KEY).',
    'llm-failed': 'I could not get an answer from the LLM just now.',
    offer: 'What I can offer: the rule-based debug steps for this incident:',
    rediagnose: 'Press "Re-diagnose" to collect fresh evidence and diagnose again.',
  },
  ja: {
    'no-llm': '自由形式の質問に答えるにはLLMが必要ですが、設定されていません(OPENAI_API_KEY)。',
    'llm-failed': '現在LLMから回答を得られませんでした。',
    offer: '代わりに、このインシデントのルールベースのデバッグ方針を示します:',
    rediagnose: '「Re-diagnose」を押すと、最新の情報を集めて再診断します。',
  },
} as const;

/**
 * The answer to a follow-up when no LLM can give one: says so plainly and offers what the bot
 * can do instead (the rule-based debug steps, and re-diagnosing).
 */
export function followupFallback(rules: Diagnosis, language: Language, reason: 'no-llm' | 'llm-failed'): string {
  const text = TEXT[language];
  const steps = rules.debugSteps.map((step) => `• ${step.text}${step.command ? `\n  \`${step.command}\`` : ''}`);
  return [text[reason], text.offer, ...steps, text.rediagnose].join('\n');
}
