import type { SlackPoster } from './createSlackPoster.js';
import type { ThreadRecord, ThreadStore } from './createThreadStore.js';
import { postOnce } from './postOnce.js';
import { renderEvidenceReply } from './renderEvidenceReply.js';

/** Posts the evidence as the thread's first reply, once; a no-op when it is already there. */
export async function postEvidenceReply(deps: { poster: SlackPoster; store: ThreadStore; now: () => number }, record: ThreadRecord): Promise<void> {
  if (record.evidencePosted) return;
  await postOnce(deps, `${record.key}:evidence`, { ...renderEvidenceReply(record.evidence, record.language), channel: record.channel, threadTs: record.ts });
  await deps.store.update(record.key, { evidencePosted: true });
}
