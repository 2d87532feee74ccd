import type { ChatMessage } from './buildDiagnosisPrompt.js';
import { DiagnoseError } from './DiagnoseError.js';
import { DIAGNOSIS_JSON_SCHEMA, parseDiagnosis } from './diagnosisSchema.js';
import type { LlmClient, LlmCompletion, ToolChatMessage } from './LlmClient.js';
import type { Diagnosis } from './types.js';

/** The five-part answer's response format. */
export const DIAGNOSIS_FORMAT = { type: 'json_schema', name: 'kubernetes_diagnosis', schema: DIAGNOSIS_JSON_SCHEMA } as const;
/** The bad answer is echoed back for the repair; a runaway one is cut, its start shows the mistake. */
const MAX_ECHO_CHARS = 4000;

/**
 * Asks for a five-part diagnosis as JSON and validates it. An invalid answer (not JSON, wrong
 * shape, empty parts, cut off at max tokens) gets ONE repair request that quotes the problem; a
 * second invalid answer throws `LLM_INVALID_ANSWER`, so an invalid answer never reaches a user.
 */
export async function requestDiagnosis(llm: LlmClient, messages: ChatMessage[]): Promise<Diagnosis> {
  const first = await llm.complete({ messages, format: DIAGNOSIS_FORMAT });
  return diagnosisFrom(first, messages, (repair) => llm.complete({ messages: repair, format: DIAGNOSIS_FORMAT }));
}

/**
 * The diagnosis in `first`, the answer to `messages`; when invalid, one repair request through
 * `ask` (the same conversation, the bad answer and what is wrong with it).
 */
export async function diagnosisFrom<M extends ToolChatMessage>(
  first: LlmCompletion,
  messages: readonly M[],
  ask: (messages: (M | ChatMessage)[]) => Promise<LlmCompletion>,
): Promise<Diagnosis> {
  const parsed = parseDiagnosis(first.content);
  if (parsed.ok) return parsed.diagnosis;
  const repair: (M | ChatMessage)[] = [
    ...messages,
    { role: 'assistant', content: first.content.slice(0, MAX_ECHO_CHARS) },
    {
      role: 'user',
      content:
        `Your reply is invalid: ${parsed.error}${first.finishReason === 'length' ? ' (it was cut off: be shorter)' : ''}. ` +
        'Reply again with only the JSON object of the required shape, every part filled in.',
    },
  ];
  const repaired = parseDiagnosis((await ask(repair)).content);
  if (repaired.ok) return repaired.diagnosis;
  throw new DiagnoseError('LLM_INVALID_ANSWER', `invalid answer after one repair: ${repaired.error}`);
}
