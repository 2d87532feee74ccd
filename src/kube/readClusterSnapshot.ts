import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterSnapshot } from '../analyze/types.js';
import { createLogger, type Logger } from '../logger.js';
import { emptySnapshot } from '../analyze/emptySnapshot.js';
import { KUBE_RESOURCES } from './kubeResources.js';

/** Options of `readClusterSnapshot`. */
export interface ReadClusterSnapshotOptions {
  /** Read namespaced kinds from this namespace only; cluster-scoped kinds are always read whole. */
  namespace?: string;
  /** Receives one warning per kind that could not be read (RBAC); default: the root logger. */
  logger?: Pick<Logger, 'warn'>;
}

/** Created on first need and reused: a pino destination per call would leak. */
let defaultLogger: Logger | undefined;

/** HTTP status of a failed client-node call (`ApiException.code`), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** Statuses that mean "this kind cannot be read here" rather than "the read failed". */
export function isKindUnavailable(error: unknown): boolean {
  const status = httpStatusOf(error);
  // 403: RBAC without this kind; 404: an API server without its API (autoscaling/v2 before 1.23).
  return status === 403 || status === 404;
}

/**
 * Lists every kind the analyzer reads, in parallel. A kind the credentials may not read (403) or
 * the API server does not serve (404) becomes an empty list and a warning, so a namespace-scoped
 * service account or an older cluster still gets a diagnosis; any other error fails the read.
 * Objects are client-node models with `kind` set.
 */
export async function readClusterSnapshot(
  kc: KubeConfig,
  options: ReadClusterSnapshotOptions = {},
): Promise<ClusterSnapshot> {
  const snapshot = emptySnapshot();
  const logger = options.logger ?? (defaultLogger ??= createLogger());
  await Promise.all(
    KUBE_RESOURCES.map(async (resource) => {
      const listOptions = resource.namespaced && options.namespace !== undefined ? { namespace: options.namespace } : {};
      try {
        const list = await resource.list(kc, listOptions);
        (snapshot[resource.key] as unknown[]) = list.items;
      } catch (error) {
        if (!isKindUnavailable(error)) throw error;
        const why = httpStatusOf(error) === 403 ? 'forbidden' : 'not served by this API server';
        logger.warn({ kind: resource.kind, namespace: options.namespace }, `cannot list ${resource.kind}: ${why}; reading without it`);
      }
    }),
  );
  return snapshot;
}
