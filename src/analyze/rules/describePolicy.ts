import type { V1LimitRange, V1ResourceQuota } from '@kubernetes/client-node';
import type { AnalysisContext } from '../createAnalysisContext.js';
import type { ObjectRef } from '../types.js';

const QUOTA_NAME = /(?:exceeded|failed) quota: ([\w.-]+)/;
const LIMIT = /(maximum|minimum) ([\w./-]+) usage per (Container|Pod|PersistentVolumeClaim) is ([^,]+?)(?:,|$)/;
const RATIO = /([\w./-]+) max limit to request ratio per (Container|Pod) is ([^,]+?)(?:,|$)/;
const MAX_LINES = 6;

function describeQuota(rq: V1ResourceQuota): string {
  const hard = rq.status?.hard ?? rq.spec?.hard ?? {};
  const used = rq.status?.used ?? {};
  const parts = Object.keys(hard).sort().map((k) => `${k} used ${used[k] ?? '0'} of ${hard[k] ?? '?'}`);
  return `ResourceQuota ${rq.metadata?.name ?? ''}: ${parts.join(', ') || 'no hard limits'}`;
}

/** A LimitRange item's limits; client-node names `default` `_default`, a dump keeps `default`. */
function describeLimitRange(lr: V1LimitRange): string {
  const items = (lr.spec?.limits ?? []).map((item) => {
    const q = (label: string, values: Record<string, string> | undefined): string[] => Object.entries(values ?? {}).map(([k, v]) => `${label} ${k} ${v}`);
    return `${item.type}: ${[...q('max', item.max), ...q('min', item.min), ...q('default', item._default ?? (item as { default?: Record<string, string> }).default), ...q('defaultRequest', item.defaultRequest), ...q('maxLimitRequestRatio', item.maxLimitRequestRatio)].join(', ')}`;
  });
  return `LimitRange ${lr.metadata?.name ?? ''}: ${items.join('; ')}`;
}

/**
 * The ResourceQuota or LimitRange a denial names: the quota by name, the limit range whose
 * limit is the one quoted (`maximum memory usage per Container is 1Gi`), with its numbers. When
 * none matches exactly, the namespace's objects of that kind.
 */
export function describePolicy(ctx: AnalysisContext, namespace: string, message: string): { lines: string[]; related: ObjectRef[] } {
  const quotas = ctx.snapshot.resourceQuotas.filter((q) => q.metadata?.namespace === namespace);
  const ranges = ctx.snapshot.limitRanges.filter((l) => l.metadata?.namespace === namespace);
  const name = QUOTA_NAME.exec(message)?.[1];
  if (name !== undefined || /quota/i.test(message)) {
    const named = quotas.filter((q) => name === undefined || q.metadata?.name === name);
    return {
      lines: named.slice(0, MAX_LINES).map(describeQuota),
      related: named.map((q) => ({ kind: 'ResourceQuota', namespace, name: q.metadata?.name ?? '' })),
    };
  }
  const limit = LIMIT.exec(message);
  const ratio = RATIO.exec(message);
  if (limit === null && ratio === null && !/LimitRange/i.test(message)) return { lines: [], related: [] };
  const matching = ranges.filter((lr) =>
    (lr.spec?.limits ?? []).some((item) => {
      if (limit !== null) {
        const [, bound, resource = '', type, value = ''] = limit;
        return item.type === type && (bound === 'maximum' ? item.max : item.min)?.[resource] === value.trim();
      }
      if (ratio !== null) return item.type === ratio[2] && item.maxLimitRequestRatio?.[ratio[1] ?? ''] !== undefined;
      return true;
    }),
  );
  const shown = matching.length > 0 ? matching : ranges;
  return {
    lines: shown.slice(0, MAX_LINES).map(describeLimitRange),
    related: shown.map((lr) => ({ kind: 'LimitRange', namespace, name: lr.metadata?.name ?? '' })),
  };
}
