/**
 * A fake OpenAI chat completions endpoint on loopback, for the real `openai` SDK (pass `url` as
 * its `baseURL`). It records every request and answers from a script, one reply per request in
 * order, then `defaultReply`:
 *
 *   const fake = await startFakeOpenAI();
 *   fake.script(reply.rateLimited(0), reply.json(sampleDiagnosis()));
 *   const client = createLlmClient({ apiKey: 'test', baseURL: fake.url, maxRetries: 2 });
 *   ...
 *   expect(fake.requests).toHaveLength(2);
 *   await fake.close();
 *
 * Tool calling: `reply.toolCalls({ name: 'get', arguments: {...} })` answers a round with calls
 * instead of content (the SDK's `message.tool_calls`); script several rounds and a final
 * `reply.text(...)`. `supportsTools: false` answers any request with `tools` like an endpoint
 * without function calling.
 *
 * Serves POST /v1/chat/completions and /chat/completions. Error bodies and headers are OpenAI's
 * (`{"error": {...}}`, `retry-after`, `retry-after-ms`), so the SDK's retry logic runs for real.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request. Build with `reply.*`. */
export type FakeReply =
  | { kind: 'content'; content: string; finishReason?: string }
  | { kind: 'tool_calls'; calls: { id: string; name: string; arguments: string }[]; content?: string }
  | { kind: 'slow'; delayMs: number; then: FakeReply }
  | { kind: 'error'; status: number; message: string; type: string; headers?: Record<string, string> };

let toolCallCounter = 0;

export const reply = {
  /** An answer whose message content is `value` as JSON (a string is sent as is). */
  json: (value: unknown): FakeReply => ({ kind: 'content', content: typeof value === 'string' ? value : JSON.stringify(value) }),
  /** A plain-text answer (follow-ups). */
  text: (content: string): FakeReply => ({ kind: 'content', content }),
  /** Content that is not JSON at all, e.g. prose or a cut-off object. */
  invalidJson: (): FakeReply => ({ kind: 'content', content: '{"faultLocation": "Pod web-1", "explanation": "The cont', finishReason: 'length' }),
  /** Valid JSON that violates the schema (missing parts, empty lists). */
  schemaViolation: (): FakeReply => ({ kind: 'content', content: JSON.stringify({ faultLocation: '', causes: [], fixes: 'restart it' }) }),
  /** Waits `delayMs` before answering with `then` (default a valid diagnosis): for timeouts. */
  slow: (delayMs: number, then: FakeReply = reply.json(sampleDiagnosis())): FakeReply => ({ kind: 'slow', delayMs, then }),
  /** 429 with `retry-after` in seconds (and `retry-after-ms` when given, which the SDK prefers). */
  rateLimited: (retryAfterSeconds: number, retryAfterMs?: number): FakeReply => ({
    kind: 'error',
    status: 429,
    type: 'rate_limit_exceeded',
    message: 'Rate limit reached for requests',
    headers: { 'retry-after': String(retryAfterSeconds), ...(retryAfterMs !== undefined ? { 'retry-after-ms': String(retryAfterMs) } : {}) },
  }),
  /** A 5xx; `retryAfterMs` keeps the SDK's backoff short in tests. */
  serverError: (status = 500, retryAfterMs = 5): FakeReply => ({
    kind: 'error',
    status,
    type: 'server_error',
    message: 'The server had an error while processing your request.',
    headers: { 'retry-after-ms': String(retryAfterMs) },
  }),
  /** One round of tool calls; `arguments` objects are sent as JSON text, as the API does. Ids default to `call_<n>`. */
  toolCalls: (...calls: { name: string; arguments: unknown; id?: string }[]): FakeReply => ({
    kind: 'tool_calls',
    calls: calls.map((call, i) => ({
      id: call.id ?? `call_${(toolCallCounter += 1)}_${i}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    })),
  }),
  /** The 400 a model or endpoint without function calling returns for `tools`. */
  toolsUnsupported: (): FakeReply => ({
    kind: 'error',
    status: 400,
    type: 'invalid_request_error',
    message: 'registry.ollama.ai/library/gemma:2b does not support tools',
  }),
  /** The 400 an endpoint without structured outputs returns for `response_format: json_schema`. */
  jsonSchemaUnsupported: (): FakeReply => ({
    kind: 'error',
    status: 400,
    type: 'invalid_request_error',
    message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
  }),
};

/** A valid five-part answer in the model's wire shape (every `command` present, maybe null). */
export function sampleDiagnosis(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    faultLocation: 'container "ubuntu" of Deployment/test-deployment',
    additionalInfo: 'The container exits immediately after start and is restarted with back-off.',
    explanation: 'The container process ends right away, so the kubelet restarts it and backs off (CrashLoopBackOff).',
    causes: ['The image ubuntu:20.04 has no long-running command: bash exits at once without a TTY.'],
    debugSteps: [
      { text: 'Read the log of the crashed instance.', command: 'kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt --previous' },
      { text: 'Check the last termination reason and exit code.', command: null },
    ],
    fixes: [{ text: 'Give the container a long-running command.', command: null }],
    ...overrides,
  };
}

/** One recorded request. */
export interface FakeOpenAIRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, exactly as sent: search it for leaked secrets. */
  raw: string;
  /** The parsed body (`model`, `messages`, `response_format`, ...). */
  body: {
    model: string;
    messages: { role: string; content: string; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
    tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
    tool_choice?: unknown;
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    [key: string]: unknown;
  };
}

export interface FakeOpenAI {
  /** Base URL for the SDK, ending in `/v1`. */
  url: string;
  requests: FakeOpenAIRequest[];
  /** Appends replies for the next requests, in order. */
  script(...replies: FakeReply[]): void;
  /** The reply once the script is used up; default a valid diagnosis. */
  defaultReply: FakeReply;
  /** When false, every json_schema request gets `reply.jsonSchemaUnsupported()` (like many local servers). */
  supportsJsonSchema: boolean;
  /** When false, every request with `tools` gets `reply.toolsUnsupported()`. */
  supportsTools: boolean;
  /**
   * Picks a reply from the request itself, before the script (return undefined to fall through):
   * for concurrent callers whose arrival order is not fixed.
   */
  respond: ((request: FakeOpenAIRequest) => FakeReply | undefined) | undefined;
  close(): Promise<void>;
}

export async function startFakeOpenAI(options: { supportsJsonSchema?: boolean; supportsTools?: boolean } = {}): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;

  const send = (res: ServerResponse, body: FakeOpenAIRequest['body'], planned: FakeReply): void => {
    if (res.destroyed) return;
    if (planned.kind === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, body, planned.then);
      }, planned.delayMs);
      timers.add(timer);
      return;
    }
    if (planned.kind === 'error') {
      res.writeHead(planned.status, { 'content-type': 'application/json', ...planned.headers });
      res.end(JSON.stringify({ error: { message: planned.message, type: planned.type, param: null, code: null } }));
      return;
    }
    counter += 1;
    const promptChars = body.messages.reduce((sum, m) => sum + String(m.content ?? '').length, 0);
    const content = planned.kind === 'tool_calls' ? (planned.content ?? null) : planned.content;
    const completionTokens = Math.ceil(JSON.stringify(planned.kind === 'tool_calls' ? planned.calls : planned.content).length / 4);
    const message =
      planned.kind === 'tool_calls'
        ? { role: 'assistant', content, refusal: null, tool_calls: planned.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
        : { role: 'assistant', content, refusal: null };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-fake${counter}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message,
            finish_reason: planned.kind === 'tool_calls' ? 'tool_calls' : (planned.finishReason ?? 'stop'),
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: Math.ceil(promptChars / 4),
          completion_tokens: completionTokens,
          total_tokens: Math.ceil(promptChars / 4) + completionTokens,
        },
      }),
    );
  };

  const fake: FakeOpenAI = {
    url: '',
    requests: [],
    script: (...replies) => {
      queue.push(...replies);
    },
    defaultReply: reply.json(sampleDiagnosis()),
    supportsJsonSchema: options.supportsJsonSchema ?? true,
    supportsTools: options.supportsTools ?? true,
    respond: undefined,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method !== 'POST' || !['/v1/chat/completions', '/chat/completions'].includes(path)) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method ?? ''} ${path}`, type: 'invalid_request_error' } }));
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: FakeOpenAIRequest['body'];
      try {
        body = JSON.parse(raw) as FakeOpenAIRequest['body'];
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
        return;
      }
      const request: FakeOpenAIRequest = { path, headers: req.headers, raw, body };
      fake.requests.push(request);
      if (!fake.supportsJsonSchema && body.response_format?.type === 'json_schema') {
        send(res, body, reply.jsonSchemaUnsupported());
        return;
      }
      if (!fake.supportsTools && body.tools !== undefined) {
        send(res, body, reply.toolsUnsupported());
        return;
      }
      send(res, body, fake.respond?.(request) ?? queue.shift() ?? fake.defaultReply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
