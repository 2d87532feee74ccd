import { KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { ReadableKind } from './readableKinds.js';

/** A Kubernetes object as plain JSON (timestamps are strings), `kind` and `apiVersion` set. */
export type PlainObject = KubernetesObject & Record<string, unknown>;

/**
 * Reads single objects and lists of any readable kind. Errors are client-node's: `httpStatusOf`
 * tells a 403 (RBAC) or a 404 from the rest.
 */
export interface ObjectReader {
  get(kind: ReadableKind, namespace: string, name: string): Promise<PlainObject>;
  list(kind: ReadableKind, options: { namespace?: string; labelSelector?: string; fieldSelector?: string; limit?: number }): Promise<PlainObject[]>;
}

/** Dates become ISO strings: what the API server sent, and what YAML and the redactor expect. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/**
 * An `ObjectReader` over client-node's generic `KubernetesObjectApi` (it finds each kind's path
 * through API discovery, once per API group).
 */
export function createObjectReader(kc: KubeConfig): ObjectReader {
  const api = KubernetesObjectApi.makeApiClient(kc);
  return {
    async get(kind, namespace, name) {
      const object = await api.read({ apiVersion: kind.apiVersion, kind: kind.kind, metadata: { name, ...(kind.namespaced ? { namespace } : {}) } });
      return { ...(plain(object) as PlainObject), kind: kind.kind, apiVersion: kind.apiVersion };
    },
    async list(kind, options) {
      const list = await api.list(
        kind.apiVersion,
        kind.kind,
        kind.namespaced ? options.namespace : undefined,
        undefined,
        undefined,
        undefined,
        options.fieldSelector,
        options.labelSelector,
        options.limit,
      );
      // The API server omits kind and apiVersion on list items; redaction keys on the kind.
      return list.items.map((item) => ({ ...(plain(item) as PlainObject), kind: kind.kind, apiVersion: kind.apiVersion }));
    },
  };
}
