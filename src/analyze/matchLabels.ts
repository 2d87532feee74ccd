import type { V1LabelSelector } from '@kubernetes/client-node';

type Labels = Readonly<Record<string, string>> | undefined;

/** A Service's selector: every pair must be on the object. An empty selector matches nothing here. */
export function matchesLabels(selector: Readonly<Record<string, string>>, labels: Labels): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([key, value]) => labels?.[key] === value);
}

/** A `LabelSelector` (PDBs, HPA targets): matchLabels and matchExpressions, as the API server reads them. */
export function matchesSelector(selector: V1LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return false;
  const pairs = Object.entries(selector.matchLabels ?? {});
  if (!pairs.every(([key, value]) => labels?.[key] === value)) return false;
  return (selector.matchExpressions ?? []).every((e) => {
    const value = labels?.[e.key];
    switch (e.operator) {
      case 'In':
        return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
}

/** `app=web,tier=front`, as kubectl's `-l` takes it. */
export function formatLabels(selector: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** A LabelSelector in kubectl's `-l` syntax. */
export function formatSelector(selector: V1LabelSelector | undefined): string {
  const expressions = (selector?.matchExpressions ?? []).map((e) =>
    e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`,
  );
  return [formatLabels(selector?.matchLabels), ...expressions].filter((part) => part !== '').join(',');
}
