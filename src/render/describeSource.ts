import { headings } from '../diagnose/headings.js';
import type { DiagnosisSource, Language } from '../diagnose/types.js';

/** Who wrote a diagnosis, e.g. `rule-based` or `AI-generated: gpt-4o-mini, cached`. */
export function describeSource(source: DiagnosisSource, language: Language): string {
  const h = headings(language);
  if (source.kind === 'llm') return `${h.aiGenerated}: ${source.model}${source.cached ? ', cached' : ''}`;
  return source.reason === 'llm-failed' ? `${h.ruleBased}: ${h.llmFailed}${source.detail !== undefined ? ` (${source.detail})` : ''}` : h.ruleBased;
}
