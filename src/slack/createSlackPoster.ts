import { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { createTextGuard, guardMessage } from './createTextGuard.js';
import type { SlackMessage } from './types.js';

/** Slack errors that retrying cannot fix: a person must change the config or the token. */
const PERMANENT = new Set(['channel_not_found', 'invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'missing_scope', 'is_archived', 'invalid_blocks', 'msg_too_long']);

/** What to tell the operator for the errors they can fix. */
const ADVICE: Readonly<Record<string, string>> = {
  not_in_channel: 'the bot is not a member of the channel: /invite the bot there',
  channel_not_found: 'no such channel, or the bot cannot see it: check SLACK_OPS_CHANNEL and the routing rules',
  invalid_auth: 'the bot token is invalid: check SLACK_BOT_TOKEN',
  not_authed: 'no bot token was sent: check SLACK_BOT_TOKEN',
  token_revoked: 'the bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN',
  missing_scope: 'the app lacks a scope: reinstall it from deploy/slack-app-manifest.yaml',
};

/**
 * A failed Slack call, with Slack's error code (`not_in_channel`, `ratelimited`, `timeout`...).
 * `permanent` means retrying the same call cannot succeed until a person acts.
 */
export class SlackApiError extends Error {
  override readonly name = 'SlackApiError';
  constructor(
    readonly method: string,
    readonly code: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(`Slack ${method} failed: ${code}${ADVICE[code] === undefined ? '' : ` (${ADVICE[code]})`}`, options);
  }
}

/** A message to post: top-level, or a reply when `threadTs` is set. */
export type OutgoingMessage = SlackMessage & { channel: string; threadTs?: string };

/**
 * The Slack calls the handlers make, and nothing else. Each call is counted
 * (`kdb_slack_calls_total{method,outcome}`) and every failure becomes a `SlackApiError`. Every
 * text sent (posts, edits, ephemeral messages, response_url replies; fallback text and blocks)
 * passes the text guard (`createTextGuard`): no mention of everyone, no disguised link, no link to
 * a host outside `linkHosts`, whoever wrote the text.
 */
export interface SlackPoster {
  post(message: OutgoingMessage): Promise<{ channel: string; ts: string }>;
  update(message: SlackMessage & { channel: string; ts: string }): Promise<void>;
  postEphemeral(message: { channel: string; user: string; text: string; threadTs?: string }): Promise<void>;
  /**
   * Our earlier post carrying `metadata` `{ event_type, event_payload.key === key }`: top-level
   * since `oldestSec`, or in the thread of `threadTs`. Finds what a timed-out attempt posted.
   */
  findPost(query: { channel: string; eventType: string; key: string; oldestSec: number; threadTs?: string }): Promise<{ ts: string } | undefined>;
  /** Replies through a slash command's `response_url` (works where the bot is not a member). */
  respond(responseUrl: string, message: { text: string; replaceOriginal?: boolean }): Promise<void>;
  /** The members of a user group (for the command's allow list). */
  userGroupMembers(userGroup: string): Promise<string[]>;
  /** The workspace's user groups by handle (`payments` → `S…`), to resolve notify names. */
  userGroupIds(): Promise<Map<string, string>>;
}

export function createSlackPoster(options: {
  client: webApi.WebClient;
  metrics: Metrics;
  logger: Logger;
  fetch?: typeof fetch;
  /** Host globs a link may point to (`SLACK_LINK_HOSTS` and the configured runbook hosts); default none. */
  linkHosts?: readonly string[];
}): SlackPoster {
  const { client, metrics, logger } = options;
  const doFetch = options.fetch ?? fetch;
  const guard = createTextGuard(options.linkHosts ?? []);

  const call = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    try {
      const result = await run();
      metrics.slackPosts.inc({ method, outcome: 'ok' });
      return result;
    } catch (error) {
      const code = slackErrorCode(error);
      metrics.slackPosts.inc({ method, outcome: code });
      metrics.errors.inc({ component: 'slack', code });
      const failure = new SlackApiError(method, code, PERMANENT.has(code), { cause: error });
      logger.error({ method, code, permanent: failure.permanent }, failure.message);
      throw failure;
    }
  };

  return {
    post: (message) =>
      call('chat.postMessage', async () => {
        const m = guardMessage(guard, message);
        const result = await client.chat.postMessage({
          channel: m.channel,
          text: m.text,
          ...(m.blocks.length > 0 ? { blocks: m.blocks } : {}),
          ...(m.metadata === undefined ? {} : { metadata: m.metadata }),
          ...(m.threadTs === undefined ? {} : { thread_ts: m.threadTs }),
          unfurl_links: false,
          unfurl_media: false,
        });
        if (result.ts === undefined || result.channel === undefined) throw new Error('chat.postMessage answered without ts');
        return { channel: result.channel, ts: result.ts };
      }),
    update: (message) =>
      call('chat.update', async () => {
        const m = guardMessage(guard, message);
        await client.chat.update({ channel: m.channel, ts: m.ts, text: m.text, blocks: m.blocks, ...(m.metadata === undefined ? {} : { metadata: m.metadata }) });
      }),
    postEphemeral: (m) =>
      call('chat.postEphemeral', async () => {
        await client.chat.postEphemeral({ channel: m.channel, user: m.user, text: guard(m.text), ...(m.threadTs === undefined ? {} : { thread_ts: m.threadTs }) });
      }),
    findPost: (q) =>
      call(q.threadTs === undefined ? 'conversations.history' : 'conversations.replies', async () => {
        const common = { channel: q.channel, oldest: String(q.oldestSec), include_all_metadata: true, limit: 200 };
        const result = q.threadTs === undefined ? await client.conversations.history(common) : await client.conversations.replies({ ...common, ts: q.threadTs });
        const found = (result.messages ?? []).find(
          (m) => m.metadata?.event_type === q.eventType && (m.metadata.event_payload as Record<string, unknown> | undefined)?.key === q.key,
        );
        return found?.ts === undefined ? undefined : { ts: found.ts };
      }),
    respond: (responseUrl, m) =>
      call('response_url', async () => {
        const response = await doFetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', text: guard(m.text), ...(m.replaceOriginal === true ? { replace_original: true } : {}) }),
        });
        if (!response.ok) throw new Error(`response_url answered HTTP ${response.status}`);
      }),
    userGroupMembers: (userGroup) =>
      call('usergroups.users.list', async () => (await client.usergroups.users.list({ usergroup: userGroup })).users ?? []),
    userGroupIds: () =>
      call('usergroups.list', async () => {
        const groups = (await client.usergroups.list({})).usergroups ?? [];
        return new Map(groups.flatMap((g) => (g.handle === undefined || g.id === undefined ? [] : [[g.handle.toLowerCase(), g.id] as const])));
      }),
  };
}

/** Slack's error code of a failed call: the platform's `error`, or `ratelimited`, `timeout`, `http_error`. */
function slackErrorCode(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string } };
  if (e.code === webApi.ErrorCode.PlatformError) return e.data?.error ?? 'unknown_error';
  if (e.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  if (e.code === webApi.ErrorCode.RequestError) return 'request_error';
  if (e.code === webApi.ErrorCode.HTTPError) return 'http_error';
  if (error instanceof Error && /rate limit/i.test(error.message)) return 'ratelimited';
  return 'unknown_error';
}
