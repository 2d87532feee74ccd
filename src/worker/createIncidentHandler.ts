import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { IncidentJobData } from '../queue/types.js';
import { SlackApiError } from '../slack/createSlackPoster.js';
import type { ThreadRecord } from '../slack/createThreadStore.js';
import type { AlertStateStore } from '../alerts/createAlertStateStore.js';
import { createAlertThreadJoiner } from './createAlertThreadJoiner.js';
import type { FloodGate } from './createFloodGate.js';
import { lockWorkload } from './lockWorkload.js';
import type { HandlerDependencies } from './HandlerDependencies.js';
import { summariseFlooded } from './summariseFlooded.js';
import type { RouteRule } from '../slack/parseRouteRules.js';
import { postOnce } from '../slack/postOnce.js';
import { postEvidenceReply } from '../slack/postEvidenceReply.js';
import { formatDuration } from '../slack/renderIncidentMessage.js';
import { renderRecord } from '../slack/renderRecord.js';
import { isChannelId } from '../slack/isChannelId.js';
import { resolveMentions } from '../slack/resolveMentions.js';
import { routeIncident } from '../slack/routeIncident.js';
import { runbookFor, type RunbookRule } from '../slack/parseRunbookUrls.js';
import { slackLabels } from '../slack/slackLabels.js';
import { toJobError } from '../slack/toJobError.js';
import { diagnoseFinding } from './diagnoseFinding.js';

/** Options of `createIncidentHandler`. */
export interface IncidentHandlerOptions extends HandlerDependencies {
  /** `SLACK_OPS_CHANNEL`. */
  defaultChannel: string;
  routes?: readonly RouteRule[];
  /** Least time between two "still failing" notes in a thread. Default 10 minutes. */
  noteIntervalMs?: number;
  /** `RUNBOOK_URLS`: a link button on matching incidents. */
  runbooks?: readonly RunbookRule[];
  /** Flood control (`SLACK_FLOOD_THRESHOLD`): without it every new incident gets its message. */
  floodGate?: FloodGate;
  /** The alerts' states (Alertmanager): with them, an incident joins its workload's alert-opened thread. */
  alertStates?: AlertStateStore;
}

/**
 * The worker's handler for `incidents` jobs. `new` posts the diagnosis once (and the evidence as
 * the first thread reply); `update` edits the counts and, at most every `noteIntervalMs`, notes
 * it in the thread; `resolved` edits the header and says so in the thread. Never two top-level
 * messages for one incident, even across retries; muted fingerprints post nothing new.
 */
export function createIncidentHandler(options: IncidentHandlerOptions): (job: IncidentJobData, jobId?: string) => Promise<void> {
  const { poster, store, logger } = options;
  const now = options.now ?? Date.now;
  const language = options.language ?? 'en';
  const labels = slackLabels(language);
  const noteInterval = options.noteIntervalMs ?? 10 * 60_000;
  const deps = { poster, store, now };
  const joiner = options.alertStates === undefined ? undefined : createAlertThreadJoiner({ ...options, states: options.alertStates });
  for (const channel of [options.defaultChannel, ...(options.routes ?? []).map((r) => r.channel)]) {
    // Finding an earlier post after a timeout reads the channel's history, which needs its id.
    if (!isChannelId(channel)) logger.warn({ channel }, 'Slack channel given by name: use its id (C…), or a retry after a timeout cannot find the earlier post');
  }

  const postNew = async (job: IncidentJobData, log: Logger): Promise<void> => {
    const key = threadKey(job);
    const existing = await store.get(key);
    if (existing !== undefined) {
      log.info({ ts: existing.ts }, 'incident already posted (retry); finishing its thread');
      return postEvidenceReply(deps, existing);
    }
    const { finding } = job;
    // The evidence comes from the cluster the incident is in.
    const { snapshot, evidence, result } = await diagnoseFinding(options, finding, { cluster: job.cluster, language, now });
    const route = routeIncident(finding, snapshot, { defaultChannel: options.defaultChannel, rules: options.routes ?? [] });
    const runbookUrl = runbookFor(options.runbooks ?? [], finding);
    const draft: ThreadRecord = {
      key,
      fingerprint: job.fingerprint,
      channel: route.channel,
      ts: '',
      cluster: job.cluster,
      finding,
      evidence,
      result,
      language,
      firstSeen: job.firstSeen,
      occurrences: job.occurrences,
      mentions: await resolveMentions(poster, route, log),
      evidencePosted: false,
      lastNoteAt: now(),
      ...(runbookUrl === undefined ? {} : { runbookUrl }),
    };
    const posted = await postOnce(deps, key, { ...renderRecord(draft), channel: route.channel });
    // Saved before anything else can fail: from here on, a retry edits this message.
    const record = { ...draft, channel: posted.channel, ts: posted.ts };
    await store.save(record);
    log.info({ channel: posted.channel, ts: posted.ts, source: result.source.kind }, 'incident posted');
    await postEvidenceReply(deps, record);
  };

  const update = async (job: IncidentJobData, record: ThreadRecord, log: Logger): Promise<void> => {
    const next = { ...record, occurrences: job.occurrences };
    // A joined incident has no message of its own: the thread's is the alert's.
    if (record.joinedTo === undefined) await poster.update({ ...renderRecord(next, now()), channel: record.channel, ts: record.ts });
    await store.update(record.key, { occurrences: job.occurrences });
    // Someone is on it (on this message, or on the alert's whose thread this joined): the counts
    // still change in place, but the thread stops pinging.
    const onItBy = record.joinedTo === undefined ? record.onItBy : (await store.get(record.joinedTo))?.onItBy;
    if (onItBy !== undefined || now() - (record.lastNoteAt ?? 0) < noteInterval) return;
    const seconds = Math.floor(Date.parse(job.lastSeen) / 1000);
    await postOnce(deps, `${record.key}:note:${job.occurrences}`, {
      channel: record.channel,
      threadTs: record.ts,
      text: labels.stillFailing(job.occurrences, `<!date^${seconds}^{time}|${job.lastSeen}>`),
      blocks: [],
    });
    await store.update(record.key, { lastNoteAt: now() });
    log.info({ occurrences: job.occurrences }, 'incident update noted in thread');
  };

  const resolve = async (job: IncidentJobData, record: ThreadRecord, log: Logger): Promise<void> => {
    if (record.resolvedAfterMs !== undefined) return;
    const resolvedAfterMs = job.resolvedAfterMs ?? Math.max(0, Date.parse(job.lastSeen) - Date.parse(record.firstSeen));
    const resolved = { ...record, resolvedAfterMs };
    await poster.update({ ...renderRecord(resolved), channel: record.channel, ts: record.ts });
    await postOnce(deps, `${record.key}:resolved`, {
      channel: record.channel,
      threadTs: record.ts,
      text: `:white_check_mark: ${labels.resolvedAfter(formatDuration(resolvedAfterMs, record.language))}`,
      blocks: [],
    });
    await store.update(record.key, { resolvedAfterMs });
    log.info({ resolvedAfterMs }, 'incident resolved');
  };

  return async (job, jobId = randomUUID()) => {
    const log = logger.child({ fingerprint: job.fingerprint, type: job.type, workload: job.finding.workload, category: job.finding.category });
    // One job per workload at a time, alert jobs included: an update or an alert that ran beside a
    // `new` still in its LLM call would find no thread and post a second message. The other job
    // retries after its backoff; a job re-run after its worker died has the same id and goes on.
    const release = await lockWorkload(store, { cluster: job.cluster, namespace: job.finding.namespace, workload: job.finding.workload }, jobId);
    try {
      const mute = await store.mutedUntil(job.fingerprint);
      const current = await store.current(job.fingerprint);
      if (job.type === 'resolved') {
        if (current === undefined) return log.info('resolved incident was never posted; nothing to edit');
        if (await joiner?.resolve(job, current, resolve, log)) return;
        return await resolve(job, current, log);
      }
      if (mute !== undefined && mute.until > now()) return log.info({ mutedBy: mute.by, until: new Date(mute.until).toISOString() }, 'incident muted; not posting');
      // An open thread takes updates, and a `new` job from a restarted watcher too; an update for
      // an incident we never posted (its `new` job was lost) starts the thread.
      const open = current !== undefined && current.resolvedAfterMs === undefined;
      if (open && (job.type === 'update' || current.key !== threadKey(job))) return await update(job, current, log);
      if (await joiner?.join(job, current, threadKey(job), log)) return;
      // In a flood, an incident joins the one summary instead of getting a message (and an LLM call).
      const flood = options.floodGate === undefined || job.onDemand === true ? undefined : (await options.floodGate.decide(threadKey(job), now())).flood;
      if (options.floodGate !== undefined && flood !== undefined) {
        return await summariseFlooded({ ...deps, gate: options.floodGate, channel: options.defaultChannel, language }, flood, job, threadKey(job), log);
      }
      await postNew(job, log);
    } catch (error) {
      if (error instanceof SlackApiError && error.code === 'message_not_found') {
        // Someone deleted the incident message: respect that rather than re-posting it.
        return log.warn('incident message was deleted in Slack; not editing it');
      }
      log.error({ err: error }, 'incident job failed');
      throw toJobError(error);
    } finally {
      await release();
    }
  };
}

/** One thread per occurrence of an incident: the fingerprint and when it was first seen. */
function threadKey(job: IncidentJobData): string {
  return `${job.fingerprint}-${Date.parse(job.firstSeen)}`;
}
