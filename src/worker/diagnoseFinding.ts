import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import { redactEvidence } from '../diagnose/redact.js';
import type { DiagnosisResult, Evidence, Language } from '../diagnose/types.js';
import type { HandlerDependencies } from './HandlerDependencies.js';
import { readerFor } from './readerFor.js';
import { readEvidence } from './readEvidence.js';

/**
 * A watcher finding diagnosed now: its namespace read through its own cluster's reader, the
 * evidence collected and redacted, then the diagnosis. The snapshot is returned for routing.
 */
export async function diagnoseFinding(
  options: Pick<HandlerDependencies, 'readSnapshot' | 'logs' | 'clusters' | 'logTailLines' | 'diagnoser'>,
  finding: Finding,
  context: { cluster: string; language: Language; now: () => number },
): Promise<{ snapshot: ClusterSnapshot; evidence: Evidence; result: DiagnosisResult }> {
  const reader = readerFor(options, context.cluster);
  const snapshot = await reader.readSnapshot(finding.namespace === '' ? {} : { namespace: finding.namespace });
  const evidence = redactEvidence(await readEvidence({ ...options, ...reader }, finding, snapshot, context.now));
  const result = await options.diagnoser.diagnose({ finding, evidence, language: context.language });
  return { snapshot, evidence, result };
}
