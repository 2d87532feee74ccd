import type { ThreadRecord } from './createThreadStore.js';
import { renderIncidentMessage } from './renderIncidentMessage.js';
import { tellingLogLines } from './tellingLogLines.js';
import type { SlackMessage } from './types.js';

/** The top-level message of a stored thread, as it should look now (counts, resolution). */
export function renderRecord(record: ThreadRecord): SlackMessage {
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
    },
    result: record.result,
    language: record.language,
  });
}
