import { countChatTokens, type Tokenizer } from '../../src/diagnose/tokenizerFor.js';
import type { FakeOpenAIRequest } from '../fakes/openai.js';

/**
 * The prompt tokens of a request as it went over the wire, counted the way the investigation
 * loop budgets them (contents, the calls the model made, the tools' descriptions): an
 * independent check that the loop's own count is the real one.
 */
export function wirePromptTokens(request: FakeOpenAIRequest, tokenizer: Tokenizer): number {
  const tools = (request.body.tools ?? []).map((t) => t.function);
  const calls = request.body.messages.flatMap((m) => m.tool_calls ?? []);
  return (
    countChatTokens(tokenizer, request.body.messages.map((m) => ({ content: m.content ?? '' }))) +
    calls.reduce((sum, call) => sum + 8 + tokenizer.count(call.function.name + call.function.arguments), 0) +
    (tools.length > 0 ? tokenizer.count(JSON.stringify(tools)) : 0)
  );
}
