import { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { toBoltLogger } from './toBoltLogger.js';

/** How the one Slack Web API client of a process is configured. */
export interface SlackClientSettings {
  /** `SLACK_API_URL`; default Slack's own. */
  slackApiUrl?: string;
  logger: Logger;
  /** Per-request timeout; a post that times out is looked up before it is re-sent. Default 10 s. */
  timeoutMs?: number;
  /** The WebClient's retry policy (node-retry options); tests shorten it. Default: 10 retries over ~30 min. */
  retryConfig?: webApi.RetryOptions;
}

/**
 * WebClient options for Bolt (`clientOptions`) and for our own client. The WebClient retries
 * rate-limited calls after Retry-After by itself; it would also blindly re-send a request that
 * timed out or got an HTTP 5xx, and either may come after Slack stored the message, so re-sending
 * can post it twice: those retries are turned off. The job fails, and our handler looks for the
 * earlier post (message metadata) before posting again.
 */
export function slackClientOptions(settings: SlackClientSettings): webApi.WebClientOptions {
  const base = settings.retryConfig ?? webApi.retryPolicies.tenRetriesInAboutThirtyMinutes;
  const retryConfig = {
    ...base,
    onFailedAttempt: (error: { code?: unknown }) => {
      if (error.code === webApi.ErrorCode.RequestError || error.code === webApi.ErrorCode.HTTPError) throw error;
    },
  };
  return {
    ...(settings.slackApiUrl === undefined ? {} : { slackApiUrl: settings.slackApiUrl }),
    logger: toBoltLogger(settings.logger.child({ component: 'slack-web-api' })),
    timeout: settings.timeoutMs ?? 10_000,
    retryConfig,
  };
}

/** The Web API client for `token`, configured by `slackClientOptions`. */
export function createSlackClient(token: string, settings: SlackClientSettings): webApi.WebClient {
  return new webApi.WebClient(token, slackClientOptions(settings));
}
