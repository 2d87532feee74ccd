import type { ThreadRecord } from './createThreadStore.js';
import { renderAlertMessage } from './renderAlertMessage.js';
import { formatDuration, renderIncidentMessage } from './renderIncidentMessage.js';
import { slackLabels } from './slackLabels.js';
import type { SlackMessage } from './types.js';

/** The top-level message of a stored thread, as it should look now (counts, resolution). */
export function renderRecord(record: ThreadRecord): SlackMessage {
  const message = renderIncidentMessage({
    incident: {
      key: record.key,
      cluster: record.cluster,
      finding: record.finding,
      ...(record.fingerprint === undefined ? {} : { firstSeen: record.firstSeen, occurrences: record.occurrences }),
      mentions: record.mentions,
      mutable: record.fingerprint !== undefined,
      ...(record.resolvedAfterMs === undefined ? {} : { resolvedAfterMs: record.resolvedAfterMs }),
    },
    result: record.result,
    language: record.language,
  });
  if (record.alert === undefined) return message;
  const resolved = record.resolvedAfterMs === undefined ? undefined : slackLabels(record.language).resolvedAfter(formatDuration(record.resolvedAfterMs, record.language));
  return renderAlertMessage(message, record.alert, { workload: record.finding.workload, language: record.language, ...(resolved === undefined ? {} : { resolved }) });
}
