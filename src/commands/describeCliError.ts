import { DumpError } from '../analyze/DumpError.js';
import { describeNetworkError } from '../describeNetworkError.js';
import { StartError } from '../StartError.js';

/** One line for any failure of a CLI command: the message, never a stack trace. */
export function describeCliError(error: unknown): string {
  if (error instanceof DumpError) return error.message;
  if (error instanceof StartError) return `${error.message} (check ${error.setting})`;
  const network = describeNetworkError(error);
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0] ?? message;
  if (network !== undefined) return `cannot reach the Kubernetes API (${network}): ${line}`;
  const status = (error as { code?: unknown } | null)?.code;
  if (typeof status === 'number') return `the Kubernetes API answered HTTP ${status}: ${line.slice(0, 300)}`;
  return line;
}
