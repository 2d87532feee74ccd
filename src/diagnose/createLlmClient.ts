import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { DiagnoseError } from './DiagnoseError.js';
import type { LlmClient, ResponseFormat, ToolCall, ToolChatMessage, ToolCompletion } from './LlmClient.js';

export interface LlmClientOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint (Azure OpenAI, Ollama, vLLM, LiteLLM); default OpenAI's. */
  baseURL?: string;
  /** Default `gpt-4o-mini`. */
  model?: string;
  /** Default 0.2: a diagnosis should not be creative. Not sent to reasoning models, which reject it. */
  temperature?: number;
  /** Per attempt, in ms; default 20 s. With the retries, the worst case stays near a minute before the rules answer. */
  timeoutMs?: number;
  /** Default 1200. */
  maxOutputTokens?: number;
  /** Retries of timeouts, 429 (honouring retry-after), 5xx and network errors; default 2. */
  maxRetries?: number;
  metrics?: Metrics;
  logger?: Logger;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** o1/o3/o4 and gpt-5 take `max_completion_tokens` and no temperature. */
const isReasoningModel = (model: string): boolean => /^(?:o\d|gpt-5)/i.test(model.replace(/^.*\//, ''));

/** A 400 about the response format: the endpoint does not speak structured outputs. */
const rejectsJsonSchema = (error: APIError): boolean =>
  error.status === 400 && /response_format|json_schema|structured output/i.test(error.message);

/** A 400 about `tools`/`tool_choice`: the model or endpoint does not do function calling. */
const rejectsTools = (error: APIError): boolean => error.status === 400 && /\btools?\b|tool_choice|function[ _]call/i.test(error.message);

/** Our conversation in the wire shape of chat completions. */
function toWireMessage(message: ToolChatMessage): ChatCompletionMessageParam {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  if ('toolCalls' in message) {
    return {
      role: 'assistant',
      content: message.content,
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  }
  return message;
}

function asDiagnoseError(error: unknown): DiagnoseError {
  if (error instanceof DiagnoseError) return error;
  if (error instanceof APIConnectionTimeoutError) return new DiagnoseError('LLM_TIMEOUT', 'the LLM did not answer in time', { cause: error });
  if (error instanceof APIConnectionError) return new DiagnoseError('LLM_NETWORK', `cannot reach the LLM: ${error.message}`, { cause: error });
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const code = status === 429 ? 'LLM_RATE_LIMITED' : status === 401 || status === 403 ? 'LLM_AUTH' : status >= 500 ? 'LLM_SERVER' : 'LLM_BAD_REQUEST';
    return new DiagnoseError(code, `LLM request failed (${status}): ${error.message}`, { cause: error });
  }
  return new DiagnoseError('LLM_NETWORK', error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * The one place that imports `openai`. Retries are the SDK's (exponential backoff, `retry-after`
 * and `retry-after-ms` honoured); an endpoint that rejects `json_schema` is asked again with
 * `json_object`, and remembered, so later calls go straight to `json_object`.
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const model = options.model ?? 'gpt-4o-mini';
  const baseURL = options.baseURL ?? DEFAULT_BASE_URL;
  const openai = new OpenAI({
    apiKey: options.apiKey,
    baseURL,
    timeout: options.timeoutMs ?? 20_000,
    maxRetries: options.maxRetries ?? 2,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const reasoning = isReasoningModel(model);
  let jsonSchemaSupported = true;

  const toWire = (format: ResponseFormat): NonNullable<ChatCompletionCreateParamsNonStreaming['response_format']> =>
    format.type === 'json_schema'
      ? { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: true } }
      : { type: format.type };

  /** One request; a `json_schema` the endpoint rejects is asked again as `json_object`. */
  const send = async (
    params: Omit<ChatCompletionCreateParamsNonStreaming, 'model' | 'response_format'>,
    format: ResponseFormat,
  ): Promise<ToolCompletion> => {
    let effective: ResponseFormat = format.type === 'json_schema' && !jsonSchemaSupported ? { type: 'json_object' } : format;
    for (;;) {
      try {
        const completion = await openai.chat.completions.create({
          ...params,
          model,
          response_format: toWire(effective),
          ...(reasoning
            ? { max_completion_tokens: options.maxOutputTokens ?? 1200 }
            : { max_tokens: options.maxOutputTokens ?? 1200, temperature: options.temperature ?? 0.2 }),
        });
        const promptTokens = completion.usage?.prompt_tokens ?? 0;
        const completionTokens = completion.usage?.completion_tokens ?? 0;
        options.metrics?.llmTokens.inc({ direction: 'prompt' }, promptTokens);
        options.metrics?.llmTokens.inc({ direction: 'completion' }, completionTokens);
        const choice = completion.choices[0];
        const toolCalls: ToolCall[] = (choice?.message.tool_calls ?? []).flatMap((call) =>
          call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [],
        );
        return {
          content: choice?.message.content ?? '',
          format: effective.type,
          finishReason: choice?.finish_reason ?? 'unknown',
          promptTokens,
          completionTokens,
          toolCalls,
        };
      } catch (error) {
        if (error instanceof APIError && effective.type === 'json_schema' && rejectsJsonSchema(error)) {
          options.logger?.warn({ model, baseURL }, 'endpoint rejects json_schema response_format; using json_object');
          jsonSchemaSupported = false;
          effective = { type: 'json_object' };
          continue;
        }
        if (error instanceof APIError && params.tools !== undefined && rejectsTools(error)) {
          throw new DiagnoseError('LLM_TOOLS_UNSUPPORTED', `the endpoint rejects tool calling: ${error.message}`, { cause: error });
        }
        throw asDiagnoseError(error);
      }
    }
  };

  return {
    model,
    baseURL,
    async complete({ messages, format }) {
      // A plain completion has no tool calls to pass on.
      const { content, format: used, finishReason, promptTokens, completionTokens } = await send({ messages }, format);
      return { content, format: used, finishReason, promptTokens, completionTokens };
    },
    chat({ messages, tools, toolChoice, format }) {
      return send(
        {
          messages: messages.map(toWireMessage),
          tools: tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } })),
          tool_choice: toolChoice,
        },
        format,
      );
    },
  };
}
