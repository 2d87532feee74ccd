import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Anonymizer } from './createAnonymizer.js';
import { DiagnoseError } from './DiagnoseError.js';
import type { LlmClient, ResponseFormat, ToolChatMessage, ToolCompletion, ToolSpec } from './LlmClient.js';
import { runToolCall } from './runToolCall.js';
import { countChatTokens, type Tokenizer } from './tokenizerFor.js';
import type { Tool, ToolContext } from './tools/defineTool.js';

/** The limits of one investigation (`LLM_MAX_TOOL_ROUNDS`, `LLM_INVESTIGATION_BUDGET`). */
export interface InvestigationLimits {
  /** Rounds in which the model may call tools; the answer comes after at most this many. */
  maxRounds: number;
  /** Prompt tokens of all requests of the investigation together, the final answer's included. */
  budget: number;
  /** Tokens of one tool result at most; default an eighth of the budget. */
  resultTokens?: number;
}

/** What an investigation found: the answer, what it looked at, and what it cost. */
export interface Investigation {
  completion: ToolCompletion;
  /** The conversation the answer came from (for a repair request). */
  messages: ToolChatMessage[];
  /** The tools offered, as sent. */
  tools: ToolSpec[];
  /** Citations of the reads that returned data, in order, without repeats. */
  lookedAt: string[];
  /** Rounds with tool calls. */
  rounds: number;
  /** Prompt tokens of every request, by the model's tokenizer. */
  promptTokens: number;
  /** Why the model was told to answer: a limit, or undefined when it answered on its own. */
  stoppedBy?: 'rounds' | 'budget';
}

/** Calls one round may make; more are answered "skipped", so one reply cannot read half the cluster. */
const MAX_CALLS_PER_ROUND = 6;
const DROPPED = '(result dropped to stay within the investigation budget)';
const ANSWER_NOW: Record<'rounds' | 'budget', string> = {
  rounds: 'You have used all your tool rounds. Answer now with what you have; say what is still unknown.',
  budget: 'The investigation budget is used up. Answer now with what you have; say what is still unknown.',
};

/** Prompt tokens of a tool conversation: contents, and the calls the model made. */
function countTokens(tokenizer: Tokenizer, messages: readonly ToolChatMessage[], toolTokens: number): number {
  const calls = messages.flatMap((m) => ('toolCalls' in m ? m.toolCalls : []));
  return countChatTokens(tokenizer, messages) + calls.reduce((sum, call) => sum + 8 + tokenizer.count(call.name + call.arguments), 0) + toolTokens;
}

/** A model that does not do function calling may write the call as text: `{"name": "get", "arguments": {...}}`. */
function looksLikeTextToolCall(content: string, tools: readonly ToolSpec[]): boolean {
  const match = /^\s*(?:```(?:json)?\s*)?(\{[\s\S]*\})\s*(?:```)?\s*$/.exec(content);
  if (!match) return false;
  try {
    const parsed = JSON.parse(match[1] ?? '') as { name?: unknown; function?: { name?: unknown } };
    const name = parsed.name ?? parsed.function?.name;
    return tools.some((tool) => tool.name === name);
  } catch {
    return false;
  }
}

/**
 * The agent loop: the model reads the cluster through `tools` until it answers, for at most
 * `maxRounds` rounds and `budget` prompt tokens in all. Each tool result is redacted, anonymized
 * and capped by `runToolCall`. Before a round that would leave no room for the answer, the
 * model is told to answer with what it has (tools still described, `tool_choice: none`); if
 * even that request would not fit, the largest tool results are dropped from it first.
 * Throws `LLM_TOOLS_UNSUPPORTED` when the endpoint rejects `tools` or writes its calls as text.
 */
export async function investigate(options: {
  llm: LlmClient;
  messages: readonly ToolChatMessage[];
  format: ResponseFormat;
  tools: readonly Tool[];
  context: ToolContext;
  anonymizer: Anonymizer;
  tokenizer: Tokenizer;
  limits: InvestigationLimits;
  logger?: Logger;
  metrics?: Metrics;
}): Promise<Investigation> {
  const { llm, tokenizer, limits, logger } = options;
  const specs: ToolSpec[] = options.tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.parameters }));
  const toolTokens = tokenizer.count(JSON.stringify(specs));
  const resultTokens = limits.resultTokens ?? Math.floor(limits.budget / 8);
  const messages: ToolChatMessage[] = [...options.messages];
  const cost = (list: readonly ToolChatMessage[]) => countTokens(tokenizer, list, toolTokens);
  // The smallest final request: the question with every tool result dropped, and the note.
  const reserve = Math.max(...Object.values(ANSWER_NOW).map((note) => cost([...options.messages, { role: 'user', content: `${DROPPED} ${note}` }])));
  const lookedAt: string[] = [];
  let spent = 0;
  let rounds = 0;

  for (;;) {
    const next = cost(messages);
    const stop = rounds >= limits.maxRounds ? 'rounds' : spent + next + reserve > limits.budget ? 'budget' : undefined;
    if (stop !== undefined) {
      let final: ToolChatMessage[] = [...messages, { role: 'user', content: ANSWER_NOW[stop] }];
      // Largest results first, until the answer's request fits what is left.
      const results = final.map((m, i) => ({ m, i })).filter(({ m }) => m.role === 'tool').sort((a, b) => b.m.content.length - a.m.content.length);
      for (const { i, m } of results) {
        if (spent + cost(final) <= limits.budget) break;
        final[i] = { ...(m as Extract<ToolChatMessage, { role: 'tool' }>), content: DROPPED };
      }
      // Still too long (many calls): the question alone, which `reserve` always leaves room for.
      if (spent + cost(final) > limits.budget) final = [...options.messages, { role: 'user', content: `${DROPPED} ${ANSWER_NOW[stop]}` }];
      const tokens = cost(final);
      const completion = await llm.chat({ messages: final, tools: specs, toolChoice: 'none', format: options.format });
      logger?.info({ rounds, promptTokens: spent + tokens, stoppedBy: stop }, 'investigation told to answer');
      return { completion, messages: final, tools: specs, lookedAt, rounds, promptTokens: spent + tokens, stoppedBy: stop };
    }
    const completion = await llm.chat({ messages, tools: specs, toolChoice: 'auto', format: options.format });
    spent += next;
    if (completion.toolCalls.length === 0) {
      if (rounds === 0 && looksLikeTextToolCall(completion.content, specs)) {
        throw new DiagnoseError('LLM_TOOLS_UNSUPPORTED', 'the model wrote a tool call as text instead of calling it');
      }
      return { completion, messages, tools: specs, lookedAt, rounds, promptTokens: spent };
    }
    rounds += 1;
    messages.push({ role: 'assistant', content: completion.content, toolCalls: completion.toolCalls });
    for (const [index, call] of completion.toolCalls.entries()) {
      if (index >= MAX_CALLS_PER_ROUND) {
        messages.push({ role: 'tool', toolCallId: call.id, content: `skipped: at most ${MAX_CALLS_PER_ROUND} calls per round` });
        continue;
      }
      const result = await runToolCall(call, { tools: options.tools, context: options.context, anonymizer: options.anonymizer, tokenizer, maxTokens: resultTokens, ...(logger ? { logger } : {}), ...(options.metrics ? { metrics: options.metrics } : {}) });
      if (result.citation !== undefined && !lookedAt.includes(result.citation)) lookedAt.push(result.citation);
      messages.push({ role: 'tool', toolCallId: call.id, content: result.content });
    }
  }
}
