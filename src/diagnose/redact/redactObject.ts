import { redactCommandAndArgs } from './redactArgv.js';
import { redactText } from './redactText.js';

const DATA_KINDS = new Set(['Secret', 'ConfigMap']);
const DATA_FIELDS = new Set(['data', 'stringData', 'binaryData']);
/** Annotations that carry a whole copy of the object, Secret data included. */
const COPY_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);


/**
 * A deep copy of a Kubernetes object (or list) fit to leave the cluster: the values of Secret and
 * ConfigMap data, of env vars and of last-applied annotations are `<redacted>`, commands and args
 * go through `redactCommandAndArgs`, every other string through `redactText`. Keys are kept, so "which key is missing" stays answerable.
 */
export function redactObject<T>(value: T): T {
  const walk = (node: unknown, parentKind: string | undefined, key: string | undefined): unknown => {
    if (typeof node === 'string') return redactText(node);
    if (Array.isArray(node)) {
      return node.map((item: unknown) =>
        key === 'env' && item && typeof item === 'object' && 'value' in item ? { ...(walk(item, parentKind, undefined) as object), value: '<redacted>' } : walk(item, parentKind, undefined),
      );
    }
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const kind = typeof record.kind === 'string' ? record.kind : parentKind;
    const argv: Record<string, string[] | undefined> = redactCommandAndArgs(record);
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => {
        if (argv[k] !== undefined) return [k, argv[k]];
        if (DATA_KINDS.has(kind ?? '') && DATA_FIELDS.has(k) && v && typeof v === 'object') {
          return [k, Object.fromEntries(Object.keys(v).map((dataKey) => [dataKey, '<redacted>']))];
        }
        if (key === 'annotations' && COPY_ANNOTATIONS.has(k)) return [k, '<redacted>'];
        return [k, walk(v, kind, k)];
      }),
    );
  };
  return walk(value, undefined, undefined) as T;
}
