import type { types } from '@slack/bolt';
import type { ParsedDiagnoseCommand } from './parseDiagnoseCommand.js';

/** A message ready for chat.postMessage / chat.update: Block Kit plus the plain-text fallback. */
export interface SlackMessage {
  /** Plain text for notifications and clients without Block Kit. Always set. */
  text: string;
  blocks: types.KnownBlock[];
  metadata?: types.MessageMetadata;
}

/** Slack's `metadata.event_type` of our incident messages; finds an earlier post after a timeout. */
export const INCIDENT_EVENT_TYPE = 'kdb_incident';

/** Action ids of the buttons under an incident message (and `diagnose` under a flood summary); their `value` is the thread key. */
export const ACTIONS = {
  rediagnose: 'kdb_rediagnose',
  mute1h: 'kdb_mute_1h',
  mute24h: 'kdb_mute_24h',
  diagnose: 'kdb_diagnose',
  unmute: 'kdb_unmute',
  onIt: 'kdb_on_it',
  /** A link button: Slack opens the URL and still sends the action, which only needs its ack. */
  runbook: 'kdb_runbook',
} as const;

/**
 * Where a follow-up came from: a thread (or a command's channel) and the person who asked.
 * `requestId` (a message ts, an action ts, a trigger id) makes the answer's post idempotent.
 */
interface FollowupOrigin {
  channel: string;
  user: string;
}

/**
 * A job on the `followups` queue, enqueued by the Slack listeners (which only ack, parse and
 * enqueue) and run by the worker's follow-up handler.
 */
export type FollowupJobData =
  /** A person's message (or @mention) in an incident thread. */
  | (FollowupOrigin & { type: 'question'; threadTs: string; messageTs: string; text: string })
  /** The "Re-diagnose" button: fresh evidence, a new answer in the thread. */
  | (FollowupOrigin & { type: 'rediagnose'; threadTs: string; requestId: string })
  /** `/k8s-diagnose`, already parsed and allowed; errors go back through `responseUrl`. */
  | (FollowupOrigin & { type: 'command'; command: Exclude<ParsedDiagnoseCommand, { type: 'help' }>; responseUrl: string; requestId: string });

/** Puts a follow-up job on the `followups` queue; `jobId` deduplicates (a message and its @mention). */
export type EnqueueFollowup = (job: FollowupJobData, jobId: string) => Promise<void>;
