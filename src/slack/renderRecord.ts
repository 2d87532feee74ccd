import type { ThreadRecord } from './createThreadStore.js';
import { renderAlertMessage } from './renderAlertMessage.js';
import { formatDuration, renderIncidentMessage } from './renderIncidentMessage.js';
import { slackLabels } from './slackLabels.js';
import { tellingLogLines } from './tellingLogLines.js';
import type { SlackMessage } from './types.js';

/** The top-level message of a stored thread, as it should look now (counts, resolution, who is on it, mute). */
export function renderRecord(record: ThreadRecord, now: number = Date.now()): SlackMessage {
  const logLines = tellingLogLines(record.evidence);
  const message = renderIncidentMessage({
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
  if (record.alert === undefined) return message;
  const resolved = record.resolvedAfterMs === undefined ? undefined : slackLabels(record.language).resolvedAfter(formatDuration(record.resolvedAfterMs, record.language));
  return renderAlertMessage(message, record.alert, { workload: record.finding.workload, language: record.language, ...(resolved === undefined ? {} : { resolved }) });
}
