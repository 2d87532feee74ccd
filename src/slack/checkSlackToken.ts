import { webApi } from '@slack/bolt';
import { describeNetworkError } from '../describeNetworkError.js';
import type { Logger } from '../logger.js';
import { StartError } from '../StartError.js';
import { createSlackClient } from './createSlackClient.js';

/** Slack's answers that mean the token itself is wrong. */
const BAD_TOKEN = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);
/** One try, quickly: at start a clear error beats minutes of retries. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * Asks Slack who the bot token belongs to (`auth.test`), once, before the bot starts: an
 * unreachable Slack or a refused token is a `StartError` naming the setting to fix.
 */
export async function checkSlackToken(token: string, options: { slackApiUrl?: string; logger: Logger }): Promise<void> {
  const client = createSlackClient(token, {
    ...(options.slackApiUrl === undefined ? {} : { slackApiUrl: options.slackApiUrl }),
    // The failure is reported once, as the StartError; the client's own warnings would repeat it.
    logger: options.logger.child({}, { level: 'silent' }),
    retryConfig: { retries: 0 },
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  const where = options.slackApiUrl ?? 'https://slack.com/api/';
  try {
    await client.auth.test();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const answer = (error as { data?: { error?: unknown } }).data?.error;
    if (code === webApi.ErrorCode.PlatformError && typeof answer === 'string') {
      if (BAD_TOKEN.has(answer)) throw new StartError('SLACK_BOT_TOKEN', `Slack refused the bot token (${answer})`, { cause: error });
      throw new StartError('SLACK_BOT_TOKEN', `Slack answered auth.test with ${answer}`, { cause: error });
    }
    const network = describeNetworkError(error) ?? (error instanceof Error ? error.message.split('\n', 1)[0] : String(error));
    throw new StartError('SLACK_API_URL', `cannot reach Slack at ${where} (${network ?? 'no answer'})`, { cause: error });
  }
}
