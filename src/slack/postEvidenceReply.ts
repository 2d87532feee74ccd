import type { SlackPoster } from './createSlackPoster.js';
import type { ThreadRecord, ThreadStore } from './createThreadStore.js';
import { postOnce } from './postOnce.js';
import { renderEvidenceReply } from './renderEvidenceReply.js';
import { renderFullDiagnosis } from './renderIncidentMessage.js';

/**
 * Posts the thread's first reply, once; a no-op when it is already there: the full lists of the
 * diagnosis when the message had to cut them (one tap away), then the evidence.
 */
export async function postEvidenceReply(deps: { poster: SlackPoster; store: ThreadStore; now: () => number }, record: ThreadRecord): Promise<void> {
  if (record.evidencePosted) return;
  const full = renderFullDiagnosis(record.result, record.language);
  const evidence = renderEvidenceReply(record.evidence, record.language);
  const reply = { ...evidence, blocks: [...(full?.blocks ?? []), ...evidence.blocks] };
  await postOnce(deps, `${record.key}:evidence`, { ...reply, channel: record.channel, threadTs: record.ts });
  await deps.store.update(record.key, { evidencePosted: true });
}
