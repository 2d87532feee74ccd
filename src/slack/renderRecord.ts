import type { ThreadRecord } from './createThreadStore.js';
import { renderIncidentMessage } from './renderIncidentMessage.js';
import { tellingLogLines } from './tellingLogLines.js';
import type { SlackMessage } from './types.js';

/** The top-level message of a stored thread, as it should look now (counts, resolution, who is on it, mute). */
export function renderRecord(record: ThreadRecord, now: number = Date.now()): SlackMessage {
  const logLines = tellingLogLines(record.evidence);
  return renderIncidentMessage({
    incident: {
      key: record.key,
      cluster: record.cluster,
      finding: record.finding,
      ...(record.fingerprint === undefined ? {} : { firstSeen: record.firstSeen, occurrences: record.occurrences }),
      mentions: record.mentions,
      mutable: record.fingerprint !== undefined,
      ...(record.resolvedAfterMs === undefined ? {} : { resolvedAfterMs: record.resolvedAfterMs }),
      ...(logLines === undefined ? {} : { logLines }),
      ...(record.runbookUrl === undefined ? {} : { runbookUrl: record.runbookUrl }),
      ...(record.onItBy === undefined ? {} : { onItBy: record.onItBy }),
      muted: record.mute !== undefined && record.mute.until > now,
    },
    result: record.result,
    language: record.language,
  });
}
