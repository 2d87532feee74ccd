import type { ThreadStore } from './createThreadStore.js';
import { SlackApiError, type OutgoingMessage, type SlackPoster } from './createSlackPoster.js';
import { isChannelId } from './isChannelId.js';
import { INCIDENT_EVENT_TYPE } from './types.js';

/** Slack's clock and ours may differ a little; look this far before our mark. */
const CLOCK_SKEW_SEC = 120;

/**
 * Posts `message` at most once for `key`, even when an earlier attempt timed out after Slack had
 * accepted it: a Redis mark is set before the first attempt, and a later attempt that finds the
 * mark first looks for a message carrying `key` in its metadata (history or thread replies).
 */
export async function postOnce(
  deps: { poster: SlackPoster; store: ThreadStore; now: () => number },
  key: string,
  message: OutgoingMessage,
): Promise<{ channel: string; ts: string }> {
  const tagged: OutgoingMessage = { ...message, metadata: { event_type: INCIDENT_EVENT_TYPE, event_payload: { key } } };
  const earlier = await deps.store.markPosting(key, deps.now());
  if (earlier !== undefined) {
    const found = await deps.poster
      .findPost({
        channel: message.channel,
        eventType: INCIDENT_EVENT_TYPE,
        key,
        oldestSec: Math.floor(earlier / 1000) - CLOCK_SKEW_SEC,
        ...(message.threadTs === undefined ? {} : { threadTs: message.threadTs }),
      })
      .catch((error: unknown) => {
        // History can only be read by channel id; for a channel given by name Slack answers
        // channel_not_found. Posting again risks a duplicate, which beats losing the incident.
        if (error instanceof SlackApiError && error.code === 'channel_not_found' && !isChannelId(message.channel)) return undefined;
        throw error;
      });
    if (found !== undefined) return { channel: message.channel, ts: found.ts };
  }
  return deps.poster.post(tagged);
}
