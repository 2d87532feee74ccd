import { describeNetworkError } from '../describeNetworkError.js';

/** Long enough for a far endpoint, short enough not to hold up the start. */
const CHECK_TIMEOUT_MS = 5000;

/**
 * Whether the LLM endpoint answers at all (`GET {baseURL}/models`): undefined when it does, else
 * what is wrong, in words. Any HTTP answer but 401/403 counts: some compatible endpoints have no
 * `/models`. Never throws: the bot runs without the LLM, with rule-based answers.
 */
export async function checkLlmReachable(options: { baseURL: string; apiKey: string; fetch?: typeof fetch }): Promise<string | undefined> {
  const url = `${options.baseURL.replace(/\/+$/, '')}/models`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      headers: { authorization: `Bearer ${options.apiKey}` },
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) return `the LLM at ${options.baseURL} refused OPENAI_API_KEY (HTTP ${response.status})`;
    return undefined;
  } catch (error) {
    const reason = (error as { name?: unknown }).name === 'TimeoutError' ? 'timed out' : (describeNetworkError(error) ?? (error instanceof Error ? error.message : String(error)));
    return `cannot reach the LLM at ${options.baseURL} (${reason}): check OPENAI_BASE_URL`;
  }
}
