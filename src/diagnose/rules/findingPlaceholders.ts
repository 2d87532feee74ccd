import type { Finding } from '../../analyze/types.js';
import type { Placeholder } from './ruleTemplateSchema.js';

/** A placeholder's value: a list (pods) renders joined; undefined means "no value". */
export type PlaceholderValue = string | readonly string[] | undefined;
export type PlaceholderValues = Readonly<Record<string, PlaceholderValue>>;

/** Commands name at most this many pods, so a message stays readable on a phone. */
const MAX_PODS_IN_COMMAND = 5;

/** Evidence quoted in a sentence is cut here; the full lines are shown with the evidence. */
const MAX_QUOTED_CHARS = 300;

/** `text` cut to fit in a sentence read on a phone. */
export function clipQuote(text: string): string {
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS - 1).trimEnd()}…`;
}

const RELATED_KINDS = {
  node: 'Node',
  pvc: 'PersistentVolumeClaim',
  pv: 'PersistentVolume',
  storageClass: 'StorageClass',
  job: 'Job',
} as const satisfies Partial<Record<Placeholder, string>>;

/** The built-in placeholders' values for `finding` (see `PLACEHOLDERS`). */
export function findingPlaceholders(finding: Finding): Record<Placeholder, PlaceholderValue> {
  const slash = finding.workload.indexOf('/');
  const workloadKind = slash > 0 ? finding.workload.slice(0, slash) : undefined;
  const workloadName = slash > 0 ? finding.workload.slice(slash + 1) : undefined;
  const pods = finding.pods.length > 0 ? finding.pods : finding.kind === 'Pod' ? [finding.name] : [];
  // The failing object itself, its workload or a related object may each be the one we need.
  const objectNamed = (kind: string): string | undefined =>
    finding.kind === kind
      ? finding.name
      : workloadKind === kind
        ? workloadName
        : finding.related.find((ref) => ref.kind === kind)?.name;
  return {
    namespace: finding.namespace,
    name: finding.name,
    kind: finding.kind,
    workload: finding.workload,
    // kubectl resource names are lowercase (`deployment/web`).
    workloadKind: workloadKind?.toLowerCase(),
    workloadName,
    component: finding.component,
    summary: finding.summary,
    evidence: clipQuote(finding.rootCause[0] ?? finding.evidence[0] ?? ''),
    pod: pods[0],
    pods: pods.length > 0 ? pods.slice(0, MAX_PODS_IN_COMMAND) : undefined,
    podCount: pods.length > 0 ? String(pods.length) : undefined,
    container: finding.containers[0],
    node: objectNamed(RELATED_KINDS.node),
    pvc: objectNamed(RELATED_KINDS.pvc),
    pv: objectNamed(RELATED_KINDS.pv),
    storageClass: objectNamed(RELATED_KINDS.storageClass),
    job: objectNamed(RELATED_KINDS.job),
  };
}
