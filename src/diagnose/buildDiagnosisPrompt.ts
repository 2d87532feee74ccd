import type { Finding } from '../analyze/types.js';
import { MUST_KEEP, fitSections } from './fitSections.js';
import { fillTemplate, type PromptTemplate } from './loadPromptTemplate.js';
import { renderDataBlock } from './renderDataBlock.js';
import { countChatTokens, type Tokenizer } from './tokenizerFor.js';
import type { ClusterShape, EvidenceSection } from './types.js';

/** A chat message as the LLM receives it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The analyzer's view of a finding as evidence sections: the root-cause lines (never dropped),
 * the summary and the rest of its evidence. They go before the collected evidence.
 */
export function findingSections(finding: Finding): EvidenceSection[] {
  const rest = finding.evidence.filter((line) => !finding.rootCause.includes(line));
  return [
    {
      title: 'Finding',
      lines: [
        `${finding.category} (${finding.severity}) in ${finding.component}`,
        finding.summary,
        `workload ${finding.workload}${finding.namespace ? `, namespace ${finding.namespace}` : ''}`,
      ],
      priority: MUST_KEEP,
    },
    ...(finding.rootCause.length > 0 ? [{ title: 'Root cause', lines: finding.rootCause, priority: MUST_KEEP }] : []),
    ...(rest.length > 0 ? [{ title: 'Analyzer evidence', lines: rest, priority: 10 }] : []),
  ];
}

/**
 * Fits sections into what `budget` leaves after the messages' fixed text. Token counts of parts
 * do not add up exactly, so the whole prompt is measured and the evidence shrunk until it fits.
 */
export function fitIntoBudget(
  sections: readonly EvidenceSection[],
  budget: number,
  tokenizer: Tokenizer,
  render: (data: string) => ChatMessage[],
): { messages: ChatMessage[]; tokens: number; sections: EvidenceSection[] } {
  let available = budget - countChatTokens(tokenizer, render(renderDataBlock([])));
  for (let attempt = 0; ; attempt += 1) {
    const kept = fitSections(sections, available, tokenizer);
    const messages = render(renderDataBlock(kept));
    const tokens = countChatTokens(tokenizer, messages);
    if (tokens <= budget || attempt >= 4) return { messages, tokens, sections: kept };
    available -= tokens - budget;
  }
}

/** System and user messages of a diagnosis: the seed's format, the evidence in its data block, within budget. */
export function buildDiagnosisPrompt(input: {
  template: PromptTemplate;
  /** Already redacted (and anonymized): this text goes to the LLM as is. */
  sections: readonly EvidenceSection[];
  clusterShape: ClusterShape;
  budget: number;
  tokenizer: Tokenizer;
}): { messages: ChatMessage[]; tokens: number } {
  const system = fillTemplate(input.template.system, input.clusterShape);
  return fitIntoBudget(input.sections, input.budget, input.tokenizer, (data) => [
    { role: 'system', content: system },
    { role: 'user', content: fillTemplate(input.template.user, input.clusterShape, { evidence: data }) },
  ]);
}
