import type { ChatMessage } from './buildDiagnosisPrompt.js';

/** How the answer must be shaped: a strict JSON schema, any JSON object, or plain text. */
export type ResponseFormat =
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> }
  | { type: 'json_object' }
  | { type: 'text' };

export interface LlmCompletion {
  content: string;
  /** The format the endpoint actually used: `json_object` when it does not support `json_schema`. */
  format: ResponseFormat['type'];
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * The only LLM call the bot makes: one chat completion. `createLlmClient` implements it with the
 * `openai` SDK (any OpenAI-compatible endpoint); failures are `DiagnoseError`s with `LLM_*` codes,
 * thrown after the SDK's own retries.
 */
export interface LlmClient {
  readonly model: string;
  /** Part of the answer cache key: another endpoint may answer differently. */
  readonly baseURL: string;
  complete(request: { messages: ChatMessage[]; format: ResponseFormat }): Promise<LlmCompletion>;
}
