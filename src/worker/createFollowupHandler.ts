import { analyze as analyzeSnapshot } from '../analyze/analyze.js';
import type { ClusterSnapshot, Finding, Severity } from '../analyze/types.js';
import { redactEvidence, redactText } from '../diagnose/redact.js';
import type { Evidence } from '../diagnose/types.js';
import type { Logger } from '../logger.js';
import { SlackApiError } from '../slack/createSlackPoster.js';
import type { ThreadRecord } from '../slack/createThreadStore.js';
import { escapeMrkdwn } from '../slack/escapeMrkdwn.js';
import { fitText, SLACK_LIMITS } from '../slack/fitText.js';
import type { ClusterReader, HandlerDependencies } from './HandlerDependencies.js';
import { readerFor, UnknownClusterError } from './readerFor.js';
import { describeTarget } from '../slack/parseDiagnoseCommand.js';
import { postEvidenceReply } from '../slack/postEvidenceReply.js';
import { postOnce } from '../slack/postOnce.js';
import { renderFollowupAnswer } from '../slack/renderFollowupAnswer.js';
import { renderIncidentMessage } from '../slack/renderIncidentMessage.js';
import { renderRecord } from '../slack/renderRecord.js';
import { resolveCommandTarget } from './resolveCommandTarget.js';
import { slackLabels } from '../slack/slackLabels.js';
import { toJobError } from '../slack/toJobError.js';
import type { FollowupJobData } from '../slack/types.js';
import { readEvidence } from './readEvidence.js';

/** Options of `createFollowupHandler`. */
export interface FollowupHandlerOptions extends HandlerDependencies {
  /** `ALLOWED_NAMESPACES`, checked again here: a job may outlive a config change. */
  allowNamespace: (namespace: string) => boolean;
  /** `CLUSTER_NAME` (with `CLUSTERS`, the first): the cluster of a command without `--cluster`. */
  cluster: string;
  /** The analyzer; default `analyze` from src/analyze. */
  analyze?: (snapshot: ClusterSnapshot, options: { now: Date }) => Finding[];
}

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = { critical: ':red_circle:', high: ':large_orange_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' };
/** Findings listed by `namespace <ns>`; the most severe gets a full diagnosis in the thread. */
const MAX_LISTED = 15;

/**
 * The worker's handler for `followups` jobs: answers a question in an incident thread with the
 * incident's evidence, the conversation so far and fresh evidence from the cluster; re-diagnoses
 * on the button; runs `/k8s-diagnose`. Answers are redacted and posted once per request.
 */
export function createFollowupHandler(options: FollowupHandlerOptions): (job: FollowupJobData) => Promise<void> {
  const { poster, store, diagnoser, logger } = options;
  const now = options.now ?? Date.now;
  const language = options.language ?? 'en';
  const labels = slackLabels(language);
  const analyze = options.analyze ?? analyzeSnapshot;
  const deps = { poster, store, now };

  /** The finding as it stands now in its cluster (same workload, same category preferred) and its evidence. */
  const freshLook = async (finding: Finding, cluster: string): Promise<{ finding: Finding | undefined; evidence: Evidence }> => {
    const reader = readerFor(options, cluster);
    const snapshot = await reader.readSnapshot(finding.namespace === '' ? {} : { namespace: finding.namespace });
    const findings = analyze(snapshot, { now: new Date(now()) }).filter((f) => f.namespace === finding.namespace && f.workload === finding.workload);
    const current = findings.find((f) => f.category === finding.category) ?? findings[0];
    return { finding: current, evidence: redactEvidence(await readEvidence({ ...options, ...reader }, current ?? finding, snapshot, now)) };
  };

  const reply = (record: ThreadRecord, key: string, text: string) =>
    postOnce(deps, key, { channel: record.channel, threadTs: record.ts, text, blocks: [] });

  const thread = async (job: { channel: string; threadTs: string }, log: Logger): Promise<ThreadRecord | undefined> => {
    const record = await store.findByThread(job.channel, job.threadTs);
    if (record === undefined) log.info('not one of our threads (or expired); ignoring');
    return record;
  };

  const refuse = async (record: ThreadRecord, requestKey: string, user: string, log: Logger): Promise<boolean> => {
    if (options.allowNamespace(record.finding.namespace)) return false;
    log.warn({ user, namespace: record.finding.namespace }, 'follow-up refused: namespace not in ALLOWED_NAMESPACES');
    await reply(record, requestKey, labels.notAllowed(record.finding.namespace));
    return true;
  };

  const question = async (job: Extract<FollowupJobData, { type: 'question' }>, log: Logger): Promise<void> => {
    const record = await thread(job, log);
    if (record === undefined) return;
    const requestKey = `${record.key}:q:${job.messageTs}`;
    if (await refuse(record, requestKey, job.user, log)) return;
    const history = await store.conversation(record.key);
    let fresh: Evidence | undefined;
    try {
      fresh = (await freshLook(record.finding, record.cluster)).evidence;
    } catch (error) {
      // The answer is still useful from the stored evidence; say nothing fresh rather than nothing.
      log.warn({ err: error }, 'could not read fresh evidence; answering from the incident evidence');
    }
    const questionText = redactText(job.text);
    const answer = await diagnoser.answerFollowup({
      finding: record.finding,
      evidence: record.evidence,
      ...(fresh === undefined ? {} : { freshEvidence: fresh }),
      diagnosis: record.result.diagnosis,
      history,
      question: questionText,
      language: record.language,
    });
    const message = renderFollowupAnswer(answer, record.language);
    await postOnce(deps, requestKey, { ...message, channel: record.channel, threadTs: record.ts });
    await store.appendTurns(record.key, [
      { role: 'user', text: questionText },
      { role: 'assistant', text: redactText(answer.text) },
    ]);
    log.info({ turns: history.length + 2, source: answer.source.kind }, 'follow-up answered');
  };

  const rediagnose = async (job: Extract<FollowupJobData, { type: 'rediagnose' }>, log: Logger): Promise<void> => {
    const record = await thread(job, log);
    if (record === undefined) return;
    const requestKey = `${record.key}:rediagnose:${job.requestId}`;
    if (await refuse(record, requestKey, job.user, log)) return;
    const fresh = await freshLook(record.finding, record.cluster);
    if (fresh.finding === undefined) {
      await reply(record, requestKey, labels.noLongerFailing(`${record.finding.workload} (${record.finding.category})`));
      return;
    }
    const result = await diagnoser.diagnose({ finding: fresh.finding, evidence: fresh.evidence, language: record.language, noCache: true, followup: true });
    const next: ThreadRecord = { ...record, finding: fresh.finding, evidence: fresh.evidence, result };
    await postOnce(deps, requestKey, { ...renderRecord(next), channel: record.channel, threadTs: record.ts });
    await store.update(record.key, { finding: fresh.finding, evidence: fresh.evidence, result });
    log.info({ source: result.source.kind }, 're-diagnosed in thread');
  };

  /** Posts a command's diagnosis of `finding` with its own thread (`parent` set: as a reply there). */
  const postDiagnosis = async (
    job: Extract<FollowupJobData, { type: 'command' }>,
    finding: Finding,
    snapshot: ClusterSnapshot,
    target: { cluster: string; reader: ClusterReader },
    parent?: { ts: string },
  ): Promise<void> => {
    const { cluster } = target;
    const evidence = redactEvidence(await readEvidence({ ...options, ...target.reader }, finding, snapshot, now));
    const result = await diagnoser.diagnose({ finding, evidence, language });
    const key = `cmd-${job.requestId}`;
    const message = renderIncidentMessage({ incident: { key, cluster, finding, mutable: false }, result, language });
    const posted =
      parent === undefined
        ? await postOnce(deps, key, { ...message, channel: job.channel })
        : { ...(await postOnce(deps, `${key}:diagnosis`, { ...message, channel: job.channel, threadTs: parent.ts })), ts: parent.ts };
    const record: ThreadRecord = {
      key,
      channel: posted.channel,
      ts: posted.ts,
      cluster,
      finding,
      evidence,
      result,
      language,
      firstSeen: new Date(now()).toISOString(),
      occurrences: 0,
      mentions: [],
      evidencePosted: false,
    };
    await store.save(record);
    await postEvidenceReply(deps, record);
  };

  const command = async (job: Extract<FollowupJobData, { type: 'command' }>, log: Logger): Promise<void> => {
    const target = job.command;
    const namespace = target.namespace;
    if (!options.allowNamespace(namespace)) {
      log.warn({ user: job.user, namespace }, 'command refused: namespace not in ALLOWED_NAMESPACES');
      return poster.respond(job.responseUrl, { text: labels.notAllowed(namespace) });
    }
    const cluster = target.cluster ?? options.cluster;
    let reader: ClusterReader;
    try {
      reader = readerFor(options, cluster);
    } catch (error) {
      if (!(error instanceof UnknownClusterError)) throw error;
      return poster.respond(job.responseUrl, { text: `No cluster \`${cluster}\` here: use \`--cluster\` with one of ${error.known.map((name) => `\`${name}\``).join(', ')}.` });
    }
    let snapshot: ClusterSnapshot;
    try {
      snapshot = await reader.readSnapshot(namespace === '' ? {} : { namespace });
    } catch (error) {
      // Someone is waiting: say so now rather than after minutes of silent retries.
      log.error({ err: error }, 'command: could not read the cluster');
      return poster.respond(job.responseUrl, { text: `I could not read the cluster (${error instanceof Error ? error.message : String(error)}). Try again in a minute.` });
    }
    const findings = analyze(snapshot, { now: new Date(now()) });
    try {
      if (target.type === 'resource') {
        const resolved = resolveCommandTarget(snapshot, findings, target, now());
        if (resolved.status !== 'failing') {
          log.info({ status: resolved.status }, 'command answered without a diagnosis');
          return await poster.respond(job.responseUrl, { text: resolved.message });
        }
        const [top] = resolved.findings;
        if (top !== undefined) await postDiagnosis(job, top, snapshot, { cluster, reader });
        return;
      }
      const inNamespace = findings.filter((f) => f.namespace === namespace);
      const [top] = inNamespace;
      if (top === undefined) {
        const pods = snapshot.pods.filter((p) => p.metadata?.namespace === namespace).length;
        return await poster.respond(job.responseUrl, { text: `namespace ${namespace}: no failures found (${pods} pods).` });
      }
      const list = inNamespace
        .slice(0, MAX_LISTED)
        .map((f) => fitText(`${SEVERITY_EMOJI[f.severity]} *${f.category}* · ${escapeMrkdwn(f.workload)}: ${escapeMrkdwn(redactText(f.summary))}`, 190))
        .join('\n');
      const more = inNamespace.length > MAX_LISTED ? `\n_${labels.moreItems(inNamespace.length - MAX_LISTED)}_` : '';
      const title = `namespace ${namespace} (${cluster}): ${inNamespace.length} failure${inNamespace.length === 1 ? '' : 's'}`;
      const summary = await postOnce(deps, `cmd-${job.requestId}:summary`, {
        channel: job.channel,
        text: title,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: fitText(title, SLACK_LIMITS.headerText) } },
          { type: 'section', text: { type: 'mrkdwn', text: fitText(list + more, SLACK_LIMITS.sectionText) } },
        ],
      });
      await postDiagnosis(job, top, snapshot, { cluster, reader }, { ts: summary.ts });
    } catch (error) {
      // A person is waiting for this answer: tell them why it did not come instead of retrying for minutes.
      if (error instanceof SlackApiError && (error.code === 'not_in_channel' || error.code === 'channel_not_found')) {
        log.warn({ code: error.code }, 'command: cannot post in the channel');
        return poster.respond(job.responseUrl, { text: `I cannot post in this channel (${error.code}): invite me with \`/invite @kube-diagnose-bot\`, then run the command again.` });
      }
      throw error;
    }
  };

  return async (job) => {
    const log = logger.child({ followup: job.type, channel: job.channel, user: job.user, ...('threadTs' in job ? { threadTs: job.threadTs } : {}) });
    try {
      if (job.type === 'question') return await question(job, log);
      if (job.type === 'rediagnose') return await rediagnose(job, log);
      log.info({ target: describeTarget(job.command) }, 'running /k8s-diagnose');
      return await command(job, log);
    } catch (error) {
      log.error({ err: error }, 'follow-up job failed');
      throw toJobError(error);
    }
  };
}
