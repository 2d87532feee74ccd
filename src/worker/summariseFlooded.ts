import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Language } from '../diagnose/types.js';
import type { Logger } from '../logger.js';
import type { IncidentJobData } from '../queue/types.js';
import type { SlackPoster } from '../slack/createSlackPoster.js';
import type { ThreadStore } from '../slack/createThreadStore.js';
import { postOnce } from '../slack/postOnce.js';
import { MAX_LISTED, renderFloodCategory, renderFloodSummary } from '../slack/renderFloodMessages.js';
import type { SlackMessage } from '../slack/types.js';
import type { FloodGate } from './createFloodGate.js';

/** What the flood messages need: Slack, the thread store (posting marks, locks), the gate. */
interface FloodDeps {
  poster: SlackPoster;
  store: ThreadStore;
  gate: FloodGate;
  now: () => number;
  /** Where summaries go: `SLACK_OPS_CHANNEL`. */
  channel: string;
  language: Language;
}

/** Longest wait for another worker's edit of the same flood: a few Slack calls. */
const LOCK_WAIT_MS = 15_000;

/**
 * Adds a flooded incident to its flood's messages: the one top-level summary (posted once, then
 * edited with the new counts) and its category's thread reply (one line and a Diagnose button per
 * incident). Edits of one flood are serialized across workers by a Redis lock, so no two
 * summaries are posted and no edit overwrites a newer one. A later job of an incident already
 * summarised (an update) changes nothing.
 */
export async function summariseFlooded(
  deps: FloodDeps,
  flood: string,
  job: IncidentJobData,
  key: string,
  log: Logger,
): Promise<void> {
  const added = await deps.gate.record(flood, job, key);
  // A retried `new` job may have recorded the incident and failed before the edit: edit again.
  if (!added && job.type !== 'new') return log.info({ flood }, 'incident was summarised in a flood; not posting');
  const release = await lockFlood(deps.store, `flood-${flood}`);
  try {
    const summaryTs = await upsert(deps, flood, 'summary', `flood-${flood}`, renderFloodSummary(await deps.gate.state(flood), job.cluster, deps.language));
    const category = job.finding.category;
    const { entries, total } = await deps.gate.entries(flood, category, MAX_LISTED);
    await upsert(deps, flood, category, `flood-${flood}-${category}`, renderFloodCategory(category, entries, total, deps.language), summaryTs);
    log.info({ flood, category, inCategory: total }, 'incident summarised in a flood');
  } finally {
    await release();
  }
}

/** Posts a flood message the first time (once, even across retries), edits it afterwards. */
async function upsert(
  deps: FloodDeps,
  flood: string,
  part: string,
  postKey: string,
  message: SlackMessage,
  threadTs?: string,
): Promise<string> {
  const ts = await deps.gate.message(flood, part);
  if (ts !== undefined) {
    await deps.poster.update({ ...message, channel: deps.channel, ts });
    return ts;
  }
  const posted = await postOnce(deps, postKey, { ...message, channel: deps.channel, ...(threadTs === undefined ? {} : { threadTs }) });
  await deps.gate.saveMessage(flood, part, posted.ts);
  return posted.ts;
}

async function lockFlood(store: ThreadStore, name: string): Promise<() => Promise<void>> {
  const owner = randomUUID();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const release = await store.lock(name, owner, LOCK_WAIT_MS);
    if (release !== undefined) return release;
    if (Date.now() > deadline) throw new Error(`flood ${name} is being edited by another job; retrying later`);
    await sleep(50 + Math.random() * 100);
  }
}
