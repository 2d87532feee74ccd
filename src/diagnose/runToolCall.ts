import { httpStatusOf } from '../kube/readClusterSnapshot.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { capLines } from './capLines.js';
import type { Anonymizer } from './createAnonymizer.js';
import type { ToolCall } from './LlmClient.js';
import { redactLines } from './redact.js';
import { renderDataBlock } from './renderDataBlock.js';
import type { Tokenizer } from './tokenizerFor.js';
import { ToolRefusal, type Tool, type ToolContext, type ToolOutput } from './tools/defineTool.js';

/** How a tool call ended: `ok` is a result the answer cites; the rest are plain answers the model reads. */
export type ToolOutcome = 'ok' | 'refused' | 'forbidden' | 'not-found' | 'invalid' | 'error';

export interface ToolCallResult {
  /** What the model gets back: redacted, anonymized, capped, inside the data block. */
  content: string;
  outcome: ToolOutcome;
  /** With real names, for the "Looked at" line; set when `outcome` is `ok`. */
  citation?: string;
  tokens: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs one tool call the model asked for: placeholders in its arguments become real names, the
 * arguments are validated, the namespace is checked against `ALLOWED_NAMESPACES`, and the result
 * is redacted, anonymized and cut to `maxTokens`. Nothing here throws: every failure is an answer
 * the model reads (a refusal, "not permitted", "not found") and the investigation goes on.
 */
export async function runToolCall(
  call: ToolCall,
  deps: { tools: readonly Tool[]; context: ToolContext; anonymizer: Anonymizer; tokenizer: Tokenizer; maxTokens: number; logger?: Logger; metrics?: Metrics },
): Promise<ToolCallResult> {
  const { anonymizer, tokenizer, maxTokens } = deps;
  const finish = (outcome: ToolOutcome, title: string, output: ToolOutput, citation?: string): ToolCallResult => {
    const redacted = redactLines(output.lines);
    if (output.names) anonymizer.learn(output.names);
    const lines = capLines(redacted.map(anonymizer.anonymize), maxTokens, tokenizer, output.keep);
    const content = renderDataBlock([{ title: anonymizer.anonymize(title), lines }]);
    const tokens = tokenizer.count(content);
    deps.logger?.info({ tool: call.name, outcome, tokens, ...(citation ? { citation } : {}) }, 'investigation tool call');
    // An unknown tool name is the model's text: not a label value.
    deps.metrics?.toolCalls.inc({ tool: deps.tools.some((t) => t.name === call.name) ? call.name : 'unknown', outcome });
    return { content, outcome, tokens, ...(outcome === 'ok' && citation ? { citation } : {}) };
  };
  const answer = (outcome: ToolOutcome, text: string) => finish(outcome, `${call.name}: ${outcome}`, { lines: [text] });

  const tool = deps.tools.find((t) => t.name === call.name);
  if (tool === undefined) return answer('invalid', `unknown tool "${call.name}"; tools: ${deps.tools.map((t) => t.name).join(', ')}`);
  let raw: unknown;
  try {
    // The model writes the placeholders it was shown; the cluster knows the real names.
    raw = JSON.parse(anonymizer.restore(call.arguments || '{}'));
  } catch {
    return answer('invalid', 'invalid arguments: not a JSON object');
  }
  const bound = tool.bind(raw);
  if (!bound.ok) return answer('invalid', `invalid arguments: ${bound.error}`);
  const target = bound.call;
  if (target.namespace !== undefined && !deps.context.allowNamespace(target.namespace)) {
    return answer(
      'refused',
      target.namespace === ''
        ? 'refused: reading cluster-scoped objects or all namespaces is not allowed for this bot (ALLOWED_NAMESPACES); ask about one allowed namespace'
        : `refused: namespace ${target.namespace} is outside ALLOWED_NAMESPACES; this bot may not read it`,
    );
  }
  try {
    return finish('ok', target.citation, await target.run(deps.context), target.citation);
  } catch (error) {
    if (error instanceof ToolRefusal) return answer('refused', error.message);
    const status = httpStatusOf(error);
    if (status === 403) return answer('forbidden', `not permitted: the bot's RBAC does not allow this read (${target.citation}); go on without it`);
    if (status === 404) return answer('not-found', `not found: ${target.citation}`);
    deps.logger?.warn({ tool: call.name, err: error }, 'investigation tool call failed');
    return answer('error', `error: ${messageOf(error)}`);
  }
}
