import { UnrecoverableError } from 'bullmq';
import { SlackApiError } from './createSlackPoster.js';

/**
 * What a handler throws to BullMQ. A permanent Slack error (channel_not_found, invalid_auth)
 * becomes `UnrecoverableError`: retrying the same call cannot help, so the job goes straight to
 * the failed set, where it is kept (removeOnFail keeps a week) for a re-run once a person fixed
 * the config. Everything else (not_in_channel, rate limits, timeouts, Redis) is thrown as is,
 * so BullMQ retries it with backoff: inviting the bot is enough for the job to land.
 */
export function toJobError(error: unknown): Error {
  if (error instanceof SlackApiError && error.permanent) return new UnrecoverableError(error.message);
  return error instanceof Error ? error : new Error(String(error));
}
