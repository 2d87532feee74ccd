import { randomUUID } from 'node:crypto';
import { alertEvidence } from '../alerts/alertEvidence.js';
import { alertFinding } from '../alerts/alertFinding.js';
import type { Alert } from '../alerts/alertmanagerPayload.js';
import { alertTarget, type AlertTarget } from '../alerts/alertTarget.js';
import { alertWorkload } from '../alerts/alertWorkload.js';
import { isWatcherState, type AlertState, type AlertStateStore } from '../alerts/createAlertStateStore.js';
import { ALERT_CATEGORY, type AlertJobData } from '../alerts/types.js';
import { analyze as analyzeSnapshot } from '../analyze/analyze.js';
import { emptySnapshot } from '../analyze/emptySnapshot.js';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import { clusterShapeOf } from '../diagnose/clusterShapeOf.js';
import { redactEvidence } from '../diagnose/redact.js';
import type { Logger } from '../logger.js';
import { incidentJobId } from '../queue/incidentJobId.js';
import type { IncidentJobData } from '../queue/types.js';
import type { ThreadRecord } from '../slack/createThreadStore.js';
import type { RouteRule } from '../slack/parseRouteRules.js';
import { postEvidenceReply } from '../slack/postEvidenceReply.js';
import { postOnce } from '../slack/postOnce.js';
import { alertNote } from '../slack/renderAlertMessage.js';
import { renderRecord } from '../slack/renderRecord.js';
import { resolveMentions } from '../slack/resolveMentions.js';
import { routeIncident } from '../slack/routeIncident.js';
import { toJobError } from '../slack/toJobError.js';
import { incidentFingerprint } from '../watch/incidentFingerprint.js';
import type { HandlerDependencies } from './HandlerDependencies.js';
import { lockWorkload } from './lockWorkload.js';
import { readEvidence } from './readEvidence.js';

/** Alerts listed in one "resolved" note. */
const MAX_NAMES = 5;

/** Options of `createAlertHandler`. */
export interface AlertHandlerOptions extends HandlerDependencies {
  /** `CLUSTER_NAME`: alerts come from the cluster this bot watches. */
  cluster: string;
  /** `SLACK_OPS_CHANNEL`. */
  defaultChannel: string;
  routes?: readonly RouteRule[];
  states: AlertStateStore;
  /** Puts a `resolved` job on `incidents`: an alert's incident resolves exactly like the watcher's. */
  enqueueIncident: (job: IncidentJobData, jobId: string) => Promise<void>;
  /** The analyzer; default `analyze` from src/analyze. */
  analyze?: (snapshot: ClusterSnapshot, options: { now: Date }) => Finding[];
  /** How long to wait for another job holding the same workload before retrying later; default 2 min. */
  lockWaitMs?: number;
  /** How long one read of a namespace serves every alert job; default 5 s. */
  snapshotTtlMs?: number;
}

/** The alerts of one webhook that are about one workload. */
interface AlertGroup {
  target: AlertTarget | undefined;
  namespace: string;
  workload: string;
  alerts: Alert[];
}

const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'];
const severityRank = (alert: Alert): number => {
  const index = SEVERITY_ORDER.indexOf(alert.labels.severity ?? '');
  return index === -1 ? SEVERITY_ORDER.length : index;
};
/** The alert that heads a new incident: the most severe, then the oldest. */
const headOf = (alerts: readonly Alert[]): Alert | undefined =>
  [...alerts].sort((a, b) => severityRank(a) - severityRank(b) || Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.fingerprint.localeCompare(b.fingerprint))[0];

const stateOf = (alert: Alert): AlertState => ({ alertname: alert.labels.alertname ?? '', status: alert.status, startsAt: alert.startsAt, endsAt: alert.endsAt });

/**
 * The worker's handler for `alerts` jobs. Maps each alert to a workload (a pod through the
 * cluster to its owner), then per workload: joins the open incident of that workload (the
 * watcher's or an earlier alert's) with a note in its thread, or opens one headed by the alert,
 * diagnosed from the workload's evidence and the alert's labels and annotations. When every alert
 * of an alert's incident is resolved, the incident resolves like the watcher's. Alertmanager's
 * repeats and retries change nothing: each alert's state per thread is kept in Redis.
 */
export function createAlertHandler(options: AlertHandlerOptions): (job: AlertJobData, jobId?: string) => Promise<void> {
  const { poster, store, states, logger, cluster } = options;
  const now = options.now ?? Date.now;
  const language = options.language ?? 'en';
  const analyze = options.analyze ?? analyzeSnapshot;
  const lockWaitMs = options.lockWaitMs ?? 120_000;
  const snapshotTtlMs = options.snapshotTtlMs ?? 5000;
  // A storm of a thousand webhooks about one namespace costs one read of it, not a thousand.
  const snapshots = new Map<string, { at: number; snapshot: Promise<ClusterSnapshot> }>();
  const snapshotOf = (namespace: string): Promise<ClusterSnapshot> => {
    const at = Date.now();
    const cached = snapshots.get(namespace);
    if (cached !== undefined && at - cached.at < snapshotTtlMs) return cached.snapshot;
    for (const [name, entry] of snapshots) if (at - entry.at >= snapshotTtlMs) snapshots.delete(name);
    const snapshot = options.readSnapshot(namespace === '' ? {} : { namespace });
    // A failed read is not kept: the job's retry reads again.
    snapshot.catch(() => snapshots.delete(namespace));
    snapshots.set(namespace, { at, snapshot });
    return snapshot;
  };
  // Fifty new incidents in one namespace read and analyze it once.
  const analyses = new WeakMap<ClusterSnapshot, Finding[]>();
  const findingsOf = (snapshot: ClusterSnapshot): Finding[] => {
    let findings = analyses.get(snapshot);
    if (findings === undefined) {
      findings = analyze(snapshot, { now: new Date(now()) });
      analyses.set(snapshot, findings);
    }
    return findings;
  };
  const deps = { poster, store, now };

  const open = async (group: AlertGroup, head: Alert, fingerprint: string, log: Logger): Promise<ThreadRecord> => {
    const key = `${fingerprint}-${Date.parse(head.startsAt)}`;
    const existing = await store.get(key);
    if (existing !== undefined) {
      log.info({ ts: existing.ts }, 'alert incident already posted (retry); finishing its thread');
      await postEvidenceReply(deps, existing);
      return existing;
    }
    const { target, namespace, workload } = group;
    // An alert about no object (Watchdog-like, cluster-wide) is diagnosed without cluster evidence.
    const snapshot = target === undefined ? emptySnapshot() : await snapshotOf(namespace);
    const found = target === undefined ? [] : findingsOf(snapshot).filter((f) => f.namespace === namespace && f.workload === workload);
    const finding = found[0] ?? alertFinding(head, { target, namespace, workload }, snapshot);
    const collected = target === undefined ? { sections: [], clusterShape: clusterShapeOf(snapshot) } : await readEvidence(options, finding, snapshot, now);
    const evidence = redactEvidence({ ...collected, sections: [alertEvidence(group.alerts.filter((a) => a.status === 'firing')), ...collected.sections] });
    const result = await options.diagnoser.diagnose({ finding, evidence, language });
    const route = routeIncident(finding, target === undefined ? undefined : snapshot, { defaultChannel: options.defaultChannel, rules: options.routes ?? [] });
    const draft: ThreadRecord = {
      key,
      fingerprint,
      channel: route.channel,
      ts: '',
      cluster,
      finding,
      evidence,
      result,
      language,
      firstSeen: head.startsAt,
      occurrences: 1,
      mentions: await resolveMentions(options.poster, route, log),
      evidencePosted: false,
      lastNoteAt: now(),
      alert: {
        alertname: head.labels.alertname ?? '',
        severity: head.labels.severity ?? '',
        summary: head.annotations.summary ?? '',
        description: head.annotations.description ?? head.annotations.message ?? '',
        runbookUrl: head.annotations.runbook_url ?? '',
        generatorURL: head.generatorURL,
      },
    };
    const posted = await postOnce(deps, key, { ...renderRecord(draft), channel: route.channel });
    const record = { ...draft, channel: posted.channel, ts: posted.ts };
    await store.save(record);
    log.info({ channel: posted.channel, ts: posted.ts, alertname: draft.alert?.alertname, source: result.source.kind }, 'alert incident posted');
    await postEvidenceReply(deps, record);
    return record;
  };

  const handleGroup = async (group: AlertGroup, jobId: string): Promise<void> => {
    const { namespace, workload } = group;
    const fingerprint = incidentFingerprint(cluster, { namespace, workload, category: ALERT_CATEGORY });
    const log = logger.child({ fingerprint, workload, namespace, alerts: group.alerts.length });
    // The lock the watcher's incident jobs take too: an alert waits for the watcher's first
    // diagnosis of the workload, then joins its thread.
    const release = await lockWorkload(store, { cluster, namespace, workload }, jobId, lockWaitMs);
    try {
      const isOpen = (r: ThreadRecord | undefined): r is ThreadRecord => r !== undefined && r.resolvedAfterMs === undefined;
      // Firing alerts go to the workload's latest open thread. Resolutions also reach the alerts'
      // own incident when a later watcher incident took the workload's index since.
      const latest = await store.currentOfWorkload({ cluster, namespace, workload });
      const own = await store.current(fingerprint);
      let primary = isOpen(latest) ? latest : isOpen(own) ? own : undefined;
      if (primary === undefined) {
        const head = headOf(group.alerts.filter((a) => a.status === 'firing'));
        if (head === undefined) return log.info('resolved alerts of no open incident; nothing to do');
        const mute = await store.mutedUntil(fingerprint);
        if (mute !== undefined && mute.until > now()) return log.info({ mutedBy: mute.by }, 'alert incident muted; not posting');
        primary = await open(group, head, fingerprint, log);
      }
      await applyAlerts(primary, group.alerts, fingerprint, log);
      if (isOpen(own) && own.key !== primary.key) await applyAlerts(own, group.alerts.filter((a) => a.status === 'resolved'), fingerprint, log);
    } finally {
      await release();
    }
  };

  /** Records the alerts' new states in `record`'s thread: a line per newly firing alert name, the resolution when none fires any more. */
  const applyAlerts = async (record: ThreadRecord, alerts: readonly Alert[], fingerprint: string, log: Logger): Promise<void> => {
    const all = await states.get(record.key);
    // A watcher finding that joined the thread keeps it open, but is no alert to note or name.
    const known = Object.fromEntries(Object.entries(all).filter(([id]) => !isWatcherState(id)));
    const watcherFiring = Object.entries(all).some(([id, s]) => isWatcherState(id) && s.status === 'firing');
    const changes: Record<string, AlertState> = {};
    const notes = new Map<string, Alert>();
    for (const alert of alerts) {
      const before = known[alert.fingerprint];
      const name = alert.labels.alertname ?? '';
      if (alert.status === 'firing') {
        if (before?.status === 'firing' && before.startsAt === alert.startsAt) continue;
        // One note per alert name: twenty crash-looping pods of a Deployment are one line.
        const named = Object.values(known).filter((s) => s.alertname === name);
        const heads = record.alert?.alertname === name && named.length === 0;
        if (!heads && !named.some((s) => s.status === 'firing')) notes.set(name, alert);
      } else if (before === undefined || before.status === 'resolved') {
        continue;
      }
      changes[alert.fingerprint] = stateOf(alert);
    }
    for (const [name, alert] of notes) {
      await postOnce(deps, `${record.key}:alert:${name}:${Date.parse(alert.startsAt)}`, {
        channel: record.channel,
        threadTs: record.ts,
        text: alertNote('firing', name, alert.annotations.summary ?? '', record.language),
        blocks: [],
      });
    }
    const after = { ...known, ...changes };
    const ended = Object.values(changes).filter((s) => s.status === 'resolved');
    // States are written after the notes: a job retried after a failed post posts them again, once.
    await states.set(record.key, changes);
    if (ended.length > 0 && !Object.values(after).some((s) => s.status === 'firing')) await resolveAll(record, fingerprint, ended, watcherFiring, log);
    else if (notes.size > 0) log.info({ joined: [...notes.keys()], ts: record.ts }, 'alerts joined the incident thread');
  };

  /**
   * Every alert of the thread is resolved: the alert's own incident resolves, unless a watcher
   * finding that joined it still fires (its resolution resolves the thread); otherwise a note.
   */
  const resolveAll = async (record: ThreadRecord, fingerprint: string, ended: AlertState[], watcherFiring: boolean, log: Logger): Promise<void> => {
    const endMs = Math.max(...ended.map((s) => Date.parse(s.endsAt)));
    if (record.fingerprint === fingerprint && !watcherFiring) {
      const firstSeenMs = Date.parse(record.firstSeen);
      await options.enqueueIncident(
        {
          type: 'resolved',
          fingerprint,
          cluster,
          finding: record.finding,
          firstSeen: record.firstSeen,
          lastSeen: new Date(endMs).toISOString(),
          occurrences: record.occurrences,
          resolvedAfterMs: Math.max(0, endMs - firstSeenMs),
        },
        incidentJobId('resolved', fingerprint, firstSeenMs),
      );
      return log.info('every alert of the incident resolved; resolving it');
    }
    const names = [...new Set(ended.map((s) => s.alertname))];
    const listed = names.slice(0, MAX_NAMES).join(', ') + (names.length > MAX_NAMES ? ', …' : '');
    await postOnce(deps, `${record.key}:alerts-resolved:${endMs}`, { channel: record.channel, threadTs: record.ts, text: alertNote('resolved', listed, '', record.language), blocks: [] });
    log.info({ alerts: names }, 'alerts resolved; the watcher still sees a failure in this thread');
  };

  return async (job, jobId = randomUUID()) => {
    const log = logger.child({ alertJob: jobId, alerts: job.alerts.length });
    try {
      // Only what needs the cluster reads it: a pod, Job or PVC to map, a new incident's evidence.
      const groups = new Map<string, AlertGroup>();
      for (const alert of job.alerts) {
        const target = alertTarget(alert.labels);
        const namespace = target?.namespace ?? '';
        const workload = target === undefined ? `Alert/${alert.labels.alertname ?? ''}` : alertWorkload(target, target.kind === 'Pod' || target.kind === 'Job' || target.kind === 'PersistentVolumeClaim' ? await snapshotOf(namespace) : emptySnapshot());
        const key = JSON.stringify([namespace, workload]);
        const group = groups.get(key) ?? { target, namespace, workload, alerts: [] };
        group.alerts.push(alert);
        groups.set(key, group);
      }
      for (const group of groups.values()) await handleGroup(group, jobId);
    } catch (error) {
      log.error({ err: error }, 'alert job failed');
      throw toJobError(error);
    }
  };
}
