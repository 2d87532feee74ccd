import type { ThreadStore } from '../slack/createThreadStore.js';

/** A workload of one cluster: what an incident thread is about, whoever opened it. */
export interface WorkloadRef {
  cluster: string;
  namespace: string;
  workload: string;
}

/** Longer than a job can take (the LLM's retries, then Slack), so a live holder never loses it. */
const WORKLOAD_LOCK_MS = 5 * 60_000;

/**
 * Takes the one lock of a workload that the watcher's incident jobs and the alert jobs share, for
 * `owner` (the BullMQ job id: a job re-run after its worker died takes its own lock back). While
 * one job diagnoses a workload, no other can post a second thread beside it. Waits up to `waitMs`
 * for another holder, then throws: the job's retry tries again after its backoff.
 */
export async function lockWorkload(store: ThreadStore, ref: WorkloadRef, owner: string, waitMs = 0): Promise<() => Promise<void>> {
  const key = `workload:${JSON.stringify([ref.cluster, ref.namespace, ref.workload])}`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const release = await store.lock(key, owner, WORKLOAD_LOCK_MS);
    if (release !== undefined) return release;
    if (Date.now() >= deadline) throw new Error(`workload ${ref.namespace}/${ref.workload} is being handled by another job; retrying later`);
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
}
