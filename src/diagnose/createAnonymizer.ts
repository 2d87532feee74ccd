import type { Finding } from '../analyze/types.js';
import type { Evidence, EvidenceNames } from './types.js';

/** Namespaces every cluster has: hiding them hides nothing and confuses the model. */
const WELL_KNOWN = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
// Workloads before pods: a StatefulSet's name is also its pods' owner name, and should read as a workload.
const KINDS = { namespaces: 'NAMESPACE', workloads: 'WORKLOAD', pods: 'POD', nodes: 'NODE', images: 'IMAGE' } as const;
const PLACEHOLDER = /(?<![A-Za-z0-9])(?:NAMESPACE|POD|WORKLOAD|NODE|IMAGE)_\d+(?!\d)/g;

/** Replaces cluster names with placeholders and back. */
export interface Anonymizer {
  anonymize(text: string): string;
  /** Puts the real names back into an answer. */
  restore(text: string): string;
  /**
   * Adds names met later (an investigation's tool results) with the next free numbers, so the
   * placeholders already sent keep their meaning.
   */
  learn(names: Partial<EvidenceNames>): void;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Stable placeholders (`POD_1`, `NAMESPACE_1`, ...): numbered in the sorted order of `names`, so
 * the same evidence always gives the same prompt and the answer cache still hits. Longer names
 * are replaced first, so a pod `web-5d9c-abc` is not half-replaced by its workload `web`.
 */
export function createAnonymizer(names: EvidenceNames): Anonymizer {
  const forward = new Map<string, string>();
  const backward = new Map<string, string>();
  const counts = new Map<string, number>();
  let pattern: RegExp | undefined;
  const learn = (more: Partial<EvidenceNames>): void => {
    const before = forward.size;
    for (const [field, kind] of Object.entries(KINDS) as [keyof EvidenceNames, string][]) {
      for (const name of [...new Set(more[field] ?? [])].sort()) {
        if (name.length < 3 || WELL_KNOWN.has(name) || forward.has(name)) continue;
        const n = (counts.get(kind) ?? 0) + 1;
        counts.set(kind, n);
        forward.set(name, `${kind}_${n}`);
        backward.set(`${kind}_${n}`, name);
      }
    }
    if (forward.size === before) return;
    const ordered = [...forward.keys()].sort((a, b) => b.length - a.length);
    // Not inside a longer word, but inside a longer dashed name (a uid, an unlisted PVC) it is
    // still the name and still hidden.
    pattern = new RegExp(`(?<![A-Za-z0-9])(?:${ordered.map(escape).join('|')})(?![A-Za-z0-9])`, 'g');
  };
  learn(names);
  return {
    anonymize: (text) => (pattern ? text.replace(pattern, (name) => forward.get(name) ?? name) : text),
    restore: (text) => text.replace(PLACEHOLDER, (placeholder) => backward.get(placeholder) ?? placeholder),
    learn,
  };
}

/**
 * The anonymizer of one incident: the names `collectEvidence` recorded in each evidence, or,
 * for evidence built elsewhere, the finding's own names.
 */
export function anonymizerFor(finding: Finding, evidences: readonly (Evidence | undefined)[]): Anonymizer {
  const slash = finding.workload.indexOf('/');
  const workloadKind = finding.workload.slice(0, Math.max(slash, 0));
  const fromFinding: EvidenceNames = {
    namespaces: [finding.namespace],
    pods: [...finding.pods, ...(finding.kind === 'Node' ? [] : [finding.name])],
    workloads: slash > 0 && workloadKind !== 'Node' ? [finding.workload.slice(slash + 1)] : [],
    nodes: [...finding.related.filter((r) => r.kind === 'Node').map((r) => r.name), ...(finding.kind === 'Node' ? [finding.name] : [])],
    images: [],
  };
  const all = [fromFinding, ...evidences.flatMap((e) => (e?.names ? [e.names] : []))];
  const merge = (field: keyof EvidenceNames) => all.flatMap((names) => names[field]);
  return createAnonymizer({
    namespaces: merge('namespaces'),
    pods: merge('pods'),
    workloads: merge('workloads'),
    nodes: merge('nodes'),
    images: merge('images'),
  });
}
