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

/** A function the model may call: its name, what it is for, and its arguments' JSON schema. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** One call the model asked for; `arguments` is the model's JSON text, not yet validated. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A message of a tool-calling conversation: the plain ones, the model's calls, and our results. */
export type ToolChatMessage =
  | ChatMessage
  | { role: 'assistant'; content: string; toolCalls: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A completion that may ask for tool calls instead of (or beside) an answer. */
export interface ToolCompletion extends LlmCompletion {
  toolCalls: ToolCall[];
}

/**
 * The only LLM calls the bot makes: one chat completion, or one round of a tool-calling
 * conversation. `createLlmClient` implements them with the `openai` SDK (any OpenAI-compatible
 * endpoint); failures are `DiagnoseError`s with `LLM_*` codes, thrown after the SDK's own retries.
 */
export interface LlmClient {
  readonly model: string;
  /** Part of the answer cache key: another endpoint may answer differently. */
  readonly baseURL: string;
  complete(request: { messages: ChatMessage[]; format: ResponseFormat }): Promise<LlmCompletion>;
  /**
   * One round with `tools` offered; `toolChoice: 'none'` asks for the answer now. An endpoint that
   * rejects the `tools` parameter throws `LLM_TOOLS_UNSUPPORTED`.
   */
  chat(request: { messages: ToolChatMessage[]; tools: ToolSpec[]; toolChoice: 'auto' | 'none'; format: ResponseFormat }): Promise<ToolCompletion>;
}
