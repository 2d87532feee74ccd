/** Node's network error codes, in words an operator acts on. */
const NETWORK: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS)',
  ETIMEDOUT: 'timed out',
  ECONNABORTED: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * The network failure behind `error`, in words (`connection refused`), or undefined when it is
 * not one. Follows `cause` (fetch, ours) and `original` (the Slack WebClient's request errors).
 */
export function describeNetworkError(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let e: unknown = error; typeof e === 'object' && e !== null && !seen.has(e); ) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK) return NETWORK[code];
    const next = e as { cause?: unknown; original?: unknown };
    e = next.cause ?? next.original;
  }
  return undefined;
}
