import type { Queue } from 'bullmq';
import type { Finding } from '../analyze/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { incidentJobId } from '../queue/incidentJobId.js';
import type { IncidentJobData } from '../queue/types.js';
import type { IncidentStore, OpenIncident } from './createIncidentStore.js';
import { incidentFingerprint } from './incidentFingerprint.js';

/** Turns the watcher's sightings into incident jobs, at most one decision per sighting. */
export interface IncidentPublisher {
  /** A failure is present now; enqueues `new` or `update` when the store says so. Returns the fingerprint. */
  report(finding: Finding, occurrences: number, nowMs: number): Promise<string>;
  /** The workload has been healthy since `healthySinceMs`; enqueues `resolved` once across replicas. */
  resolve(fingerprint: string, nowMs: number, healthySinceMs: number): Promise<boolean>;
  /** Incidents still open in Redis for this cluster (a restarted watcher keeps resolving them). */
  openIncidents(): Promise<OpenIncident[]>;
}

/** Options of `createIncidentPublisher`. */
export interface CreateIncidentPublisherOptions {
  cluster: string;
  store: IncidentStore;
  queue: Pick<Queue<IncidentJobData>, 'add'>;
  metrics: Metrics;
  logger: Logger;
}

/** The `IncidentPublisher` over an `IncidentStore` and the `incidents` queue. */
export function createIncidentPublisher(options: CreateIncidentPublisherOptions): IncidentPublisher {
  const { cluster, store, queue, metrics, logger } = options;

  async function enqueue(data: IncidentJobData, atMs: number): Promise<void> {
    const jobId = incidentJobId(data.type, data.fingerprint, atMs);
    await queue.add(data.type, data, { jobId });
    metrics.incidents.inc({ category: data.finding.category, type: data.type });
    logger.info(
      { incident: data.fingerprint, jobId, type: data.type, workload: data.finding.workload, namespace: data.finding.namespace, category: data.finding.category },
      `incident ${data.type}`,
    );
  }

  return {
    async report(finding, occurrences, nowMs) {
      const fingerprint = incidentFingerprint(cluster, finding);
      const seen = await store.observe({ fingerprint, finding, nowMs, occurrences });
      if (seen.action === 'none') {
        if (occurrences > 0) metrics.deduplicated.inc();
        return fingerprint;
      }
      if (seen.action === 'update') metrics.deduplicated.inc();
      try {
        await enqueue(
          {
            type: seen.action,
            fingerprint,
            cluster,
            finding,
            firstSeen: new Date(seen.firstSeenMs).toISOString(),
            lastSeen: new Date(nowMs).toISOString(),
            occurrences: seen.occurrences,
          },
          seen.action === 'new' ? seen.firstSeenMs : seen.atMs,
        );
      } catch (error) {
        // Redis took the decision but the job is not queued: undo a `new`, or it would never be posted.
        if (seen.action === 'new') await store.forget(fingerprint).catch(() => undefined);
        throw error;
      }
      return fingerprint;
    },
    async resolve(fingerprint, nowMs, healthySinceMs) {
      const resolution = await store.resolve({ fingerprint, nowMs });
      if (!resolution) return false;
      await enqueue(
        {
          type: 'resolved',
          fingerprint,
          cluster,
          finding: resolution.finding,
          firstSeen: new Date(resolution.firstSeenMs).toISOString(),
          lastSeen: new Date(healthySinceMs).toISOString(),
          occurrences: resolution.occurrences,
          resolvedAfterMs: Math.max(0, healthySinceMs - resolution.firstSeenMs),
        },
        nowMs,
      );
      return true;
    },
    openIncidents: () => store.openIncidents(),
  };
}
