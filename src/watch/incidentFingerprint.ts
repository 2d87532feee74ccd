import { createHash } from 'node:crypto';
import type { Finding } from '../analyze/types.js';

/**
 * The identity of an incident: a stable hash of (cluster, namespace, workload, category; a
 * Prometheus alert's incident uses its own category, `PrometheusAlert`), so
 * every pod of a workload, every replica of the watcher and every restart agree on it. Hex only,
 * so it is safe inside BullMQ job ids and Redis keys.
 */
export function incidentFingerprint(cluster: string, finding: Pick<Finding, 'namespace' | 'workload'> & { category: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([cluster, finding.namespace, finding.workload, finding.category]))
    .digest('hex')
    .slice(0, 32);
}
