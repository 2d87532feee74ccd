import { isWatcherState, watcherStateId, type AlertStateStore } from '../alerts/createAlertStateStore.js';
import type { Logger } from '../logger.js';
import type { IncidentJobData } from '../queue/types.js';
import type { ThreadRecord } from '../slack/createThreadStore.js';
import { fitText, SLACK_LIMITS } from '../slack/fitText.js';
import { postOnce } from '../slack/postOnce.js';
import { watcherNote } from '../slack/renderAlertMessage.js';
import { renderRecord } from '../slack/renderRecord.js';
import type { HandlerDependencies } from './HandlerDependencies.js';
import { diagnoseFinding } from './diagnoseFinding.js';

/** Options of `createAlertThreadJoiner`: the incident handler's dependencies and the alerts' states. */
export interface AlertThreadJoinerOptions extends HandlerDependencies {
  states: AlertStateStore;
}

/** Resolves an incident's own message (the incident handler's `resolve`). */
export type ResolveThread = (job: IncidentJobData, record: ThreadRecord, log: Logger) => Promise<void>;

/**
 * Where the watcher's incidents meet the threads that Prometheus alerts opened: one thread per
 * workload in both directions. The thread resolves when nothing in it fires any more: every
 * alert resolved and every watcher finding that joined it resolved; whichever ends last resolves
 * its message. What fires is kept in one place, the thread's alert states, the watcher's findings
 * beside the alerts (`watcherStateId`). Both callers hold the workload's lock (`lockWorkload`).
 */
export interface AlertThreadJoiner {
  /**
   * A `new` or `update` job of a watcher incident with no open thread of its own: when its workload
   * has an open alert-opened thread, posts a line and its diagnosis there instead of a message of
   * its own, and resolves to true; false otherwise (post as usual).
   */
  join(job: IncidentJobData, current: ThreadRecord | undefined, key: string, log: Logger): Promise<boolean>;
  /**
   * A `resolved` job: for a joined watcher incident, a line in the thread, then the thread's
   * resolution when no alert fires there any more; for an alert-opened thread, nothing while a
   * joined watcher finding still fires. True when handled here; false: resolve as usual.
   */
  resolve(job: IncidentJobData, current: ThreadRecord, resolveThread: ResolveThread, log: Logger): Promise<boolean>;
}

export function createAlertThreadJoiner(options: AlertThreadJoinerOptions): AlertThreadJoiner {
  const { poster, store, states } = options;
  const now = options.now ?? Date.now;
  const language = options.language ?? 'en';
  const deps = { poster, store, now };
  const isFiring = async (hostKey: string, which: (id: string) => boolean): Promise<boolean> =>
    Object.entries(await states.get(hostKey)).some(([id, state]) => which(id) && state.status === 'firing');

  return {
    join: async (job, current, key, log) => {
      if (current !== undefined && current.resolvedAfterMs === undefined) return false;
      const { finding } = job;
      const host = await store.currentOfWorkload({ cluster: job.cluster, namespace: finding.namespace, workload: finding.workload });
      if (host?.alert === undefined || host.resolvedAfterMs !== undefined || host.fingerprint === job.fingerprint) return false;
      // A retried job whose occurrence is already stored is finished by the usual path.
      if ((await store.get(key)) !== undefined) return false;
      const { evidence, result } = await diagnoseFinding(options, finding, { cluster: job.cluster, language, now });
      // Its owners were mentioned by the thread's message; the evidence stays in the record only.
      const record: ThreadRecord = {
        key,
        fingerprint: job.fingerprint,
        channel: host.channel,
        ts: host.ts,
        cluster: job.cluster,
        finding,
        evidence,
        result,
        language,
        firstSeen: job.firstSeen,
        occurrences: job.occurrences,
        mentions: [],
        evidencePosted: true,
        lastNoteAt: now(),
        joinedTo: host.key,
      };
      const line = watcherNote('firing', finding.category, language);
      const diagnosis = renderRecord(record);
      await postOnce(deps, `${key}:joined`, {
        channel: host.channel,
        threadTs: host.ts,
        text: fitText(`${line}\n${diagnosis.text}`, SLACK_LIMITS.fallbackText),
        // The buttons act on the thread's message (the alert's incident): not repeated here.
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: line } }, ...diagnosis.blocks.filter((block) => block.type !== 'actions')],
      });
      await states.set(host.key, { [watcherStateId(job.fingerprint)]: { alertname: finding.category, status: 'firing', startsAt: job.firstSeen, endsAt: '' } });
      await store.save(record);
      log.info({ thread: host.key, ts: host.ts, source: result.source.kind }, 'incident joined the alert-opened thread of its workload');
      return true;
    },

    resolve: async (job, current, resolveThread, log) => {
      const hostKey = current.joinedTo;
      if (hostKey === undefined) {
        // A resolution enqueued before a watcher finding joined the thread waits for that finding.
        const waits = current.alert !== undefined && (await isFiring(current.key, isWatcherState));
        if (waits) log.info('alerts resolved, the watcher still sees a failure in the thread: its resolution resolves the thread');
        return waits;
      }
      if (current.resolvedAfterMs !== undefined) return true;
      const resolvedAfterMs = job.resolvedAfterMs ?? Math.max(0, Date.parse(job.lastSeen) - Date.parse(current.firstSeen));
      await postOnce(deps, `${current.key}:resolved`, { channel: current.channel, threadTs: current.ts, text: watcherNote('resolved', current.finding.category, current.language), blocks: [] });
      await states.set(hostKey, { [watcherStateId(job.fingerprint)]: { alertname: current.finding.category, status: 'resolved', startsAt: current.firstSeen, endsAt: job.lastSeen } });
      await store.update(current.key, { resolvedAfterMs });
      const host = await store.get(hostKey);
      if (host === undefined || host.resolvedAfterMs !== undefined) return true;
      if (await isFiring(host.key, () => true)) {
        log.info({ thread: host.key }, 'watcher finding resolved; alerts still fire in the thread');
        return true;
      }
      // The last thing firing in the thread ended: the thread resolves, timed from its first alert.
      await resolveThread({ ...job, fingerprint: host.fingerprint ?? job.fingerprint, resolvedAfterMs: Math.max(0, Date.parse(job.lastSeen) - Date.parse(host.firstSeen)) }, host, log);
      return true;
    },
  };
}
