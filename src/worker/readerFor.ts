import { UnrecoverableError } from 'bullmq';
import type { ClusterReader, HandlerDependencies } from './HandlerDependencies.js';

/** A job about a cluster this worker does not read: a config mismatch between watcher and worker. */
export class UnknownClusterError extends UnrecoverableError {
  constructor(
    readonly cluster: string,
    readonly known: readonly string[],
  ) {
    super(`cluster "${cluster}" is not among this worker's clusters (${known.join(', ')}): set the same CLUSTERS on watchers and workers`);
  }
}

/** The reader of `cluster`: its own with `CLUSTERS`, else the one cluster's. */
export function readerFor(deps: Pick<HandlerDependencies, 'readSnapshot' | 'logs' | 'clusters'>, cluster: string): ClusterReader {
  if (deps.clusters === undefined) return { readSnapshot: deps.readSnapshot, ...(deps.logs === undefined ? {} : { logs: deps.logs }) };
  const reader = deps.clusters.get(cluster);
  if (reader === undefined) throw new UnknownClusterError(cluster, [...deps.clusters.keys()]);
  return reader;
}
