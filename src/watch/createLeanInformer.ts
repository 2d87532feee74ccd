import { ListWatch, type Informer, type KubeConfig, type KubernetesObject, type ObjectCache } from '@kubernetes/client-node';
import type { KubeResource } from '../kube/kubeResources.js';
import { listPages } from '../kube/listPages.js';
import { LeanWatch, OBJECT_PHASES } from './LeanWatch.js';
import { leanerFor } from './leanObjects.js';

/** An informer with its cache, as client-node's `makeInformer` returns it. */
export type CachedInformer = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

/** Options of `createLeanInformer`. */
export interface LeanInformerOptions {
  labelSelector?: string;
  /** Items per list request; default `listPages`'. */
  pageSize?: number;
}

/**
 * client-node's informer (`ListWatch`: list, watch from the list's resourceVersion, relist on
 * 410) whose cache holds lean objects (`leanerFor(kind)`), listed page by page.
 */
export function createLeanInformer(kc: KubeConfig, resource: KubeResource, options: LeanInformerOptions = {}): CachedInformer {
  const lean = leanerFor(resource.kind);
  const { labelSelector } = options;
  const listFn = async () => {
    const { items, resourceVersion } = await listPages(kc, resource, {
      map: lean,
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    });
    return { metadata: { resourceVersion }, items };
  };
  const watch = new LeanWatch(kc, (phase, object) => ({ phase, object: OBJECT_PHASES.has(phase) ? lean(object) : object }));
  return new ListWatch(resource.path(), watch, listFn, false, labelSelector);
}
