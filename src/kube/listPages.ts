import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { KubeResource, ListOptions } from './kubeResources.js';

/** Options of `listPages`. */
export interface ListPagesOptions<T> extends Omit<ListOptions, 'limit' | 'continue'> {
  /** Items per request (`limit`); default 500, what kubectl and client-go's pager use. */
  pageSize?: number;
  /** Applied to each item as its page arrives, so a page's full objects can be freed before the next. */
  map?: (item: KubernetesObject) => T;
}

/**
 * Lists every object of a kind page by page (`limit` + `continue`), so the first sync of a big
 * cluster is many small responses instead of one that may not even fit in a string. Returns the
 * first page's resourceVersion: the API server serves every page from that one snapshot, so a
 * watch from it misses nothing.
 */
export async function listPages<T = KubernetesObject>(
  kc: KubeConfig,
  resource: KubeResource,
  options: ListPagesOptions<T> = {},
): Promise<{ items: T[]; resourceVersion: string }> {
  const { pageSize = 500, map, ...rest } = options;
  const items: T[] = [];
  let resourceVersion: string | undefined;
  let token: string | undefined;
  do {
    const page = await resource.list(kc, { ...rest, limit: pageSize, ...(token === undefined ? {} : { continue: token }) });
    resourceVersion ??= page.metadata?.resourceVersion ?? '';
    // A loop, not push(...items): the spread's argument count is bounded by the stack.
    for (const item of page.items) items.push(map ? map(item) : (item as T));
    token = page.metadata?._continue || undefined;
  } while (token !== undefined);
  return { items, resourceVersion: resourceVersion ?? '' };
}
