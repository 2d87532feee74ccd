import type { Finding } from '../../analyze/types.js';
import type { Language, Step } from '../types.js';

/** The "what changed" line the analyzer adds when a failure began after a rollout. */
const AFTER_ROLLOUT = /^failing since .* after revision (\d+) .*; previous: revision (\d+)$/;
const ROLLOUT_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const TEXT: Readonly<Record<Language, (failing: string, previous: string) => string>> = {
  en: (failing, previous) => `The failure began after revision ${failing}: roll back to revision ${previous} now, then fix what the revision changed.`,
  ja: (failing, previous) => `障害はリビジョン ${failing} の後に始まった。まずリビジョン ${previous} にロールバックし、その後リビジョンの変更を直す。`,
};

/** `kubectl rollout undo ... --to-revision=N` when the finding's failure began after a rollout. */
export function rollbackFix(finding: Finding, language: Language): Step | undefined {
  const [kind, name] = finding.workload.split('/');
  if (kind === undefined || name === undefined || !ROLLOUT_KINDS.has(kind)) return undefined;
  const match = finding.rootCause.map((line) => AFTER_ROLLOUT.exec(line)).find((m) => m !== null);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return {
    text: TEXT[language](match[1], match[2]),
    command: `kubectl rollout undo ${kind.toLowerCase()}/${name} -n ${finding.namespace} --to-revision=${match[2]}`,
  };
}
