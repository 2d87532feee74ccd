import { DumpError } from '../analyze/DumpError.js';

/** Node's network error codes, in words an operator acts on. */
const NETWORK: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
};

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK) return code;
  }
  return undefined;
}

/** One line for any failure of a CLI command: the message, never a stack trace. */
export function describeCliError(error: unknown): string {
  if (error instanceof DumpError) return error.message;
  const network = causeCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n', 1)[0] ?? message;
  if (network !== undefined) return `cannot reach the Kubernetes API (${NETWORK[network] ?? network}): ${line}`;
  const status = (error as { code?: unknown } | null)?.code;
  if (typeof status === 'number') return `the Kubernetes API answered HTTP ${status}: ${line.slice(0, 300)}`;
  return line;
}
