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
  /** `report` for every failure of one analysis: one Redis round trip for the bookkeeping, then the jobs due. */
  reportAll(sightings: readonly Sighting[], nowMs: number): Promise<string[]>;
  /** The workload has been healthy since `healthySinceMs`; enqueues `resolved` once across replicas. */
  resolve(fingerprint: string, nowMs: number, healthySinceMs: number): Promise<boolean>;
  /** Incidents still open in Redis for this cluster (a restarted watcher keeps resolving them). */
  openIncidents(): Promise<OpenIncident[]>;
}

/** A failure seen by one analysis, and how many new sightings of it since the last. */
export interface Sighting {
  finding: Finding;
  occurrences: number;
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

  /** Observes every sighting in one round trip; enqueues the due jobs concurrently. */
  async function reportAll(sightings: readonly Sighting[], nowMs: number): Promise<string[]> {
    const fingerprints = sightings.map(({ finding }) => incidentFingerprint(cluster, finding));
    const seen = await store.observeAll(sightings.map(({ finding, occurrences }, i) => ({ fingerprint: fingerprints[i] ?? '', finding, nowMs, occurrences })));
    const jobs: Promise<void>[] = [];
    seen.forEach((observation, i) => {
      const { finding, occurrences } = sightings[i] as Sighting;
      const fingerprint = fingerprints[i] ?? '';
      if (observation.action === 'none') {
        if (occurrences > 0) metrics.deduplicated.inc();
        return;
      }
      if (observation.action === 'update') metrics.deduplicated.inc();
      const data: IncidentJobData = {
        type: observation.action,
        fingerprint,
        cluster,
        finding,
        firstSeen: new Date(observation.firstSeenMs).toISOString(),
        lastSeen: new Date(nowMs).toISOString(),
        occurrences: observation.occurrences,
      };
      jobs.push(
        enqueue(data, observation.action === 'new' ? observation.firstSeenMs : observation.atMs).catch(async (error: unknown) => {
          // Redis took the decision but the job is not queued: undo a `new`, or it would never be posted.
          if (observation.action === 'new') await store.forget(fingerprint).catch(() => undefined);
          throw error;
        }),
      );
    });
    const failed = (await Promise.allSettled(jobs)).find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return fingerprints;
  }

  return {
    async report(finding, occurrences, nowMs) {
      const [fingerprint] = await reportAll([{ finding, occurrences }], nowMs);
      return fingerprint ?? incidentFingerprint(cluster, finding);
    },
    reportAll,
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
