import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import { collectEvidence, type CollectEvidenceOptions } from './collectEvidence.js';
import type { Diagnoser, DiagnosisResult, Evidence, Language } from './types.js';

export interface ExplainedFinding {
  finding: Finding;
  evidence: Evidence;
  result: DiagnosisResult;
}

/**
 * `analyze --explain`: evidence and a diagnosis for each finding, in the findings' order, with at
 * most `concurrency` (default 2) LLM calls at a time so a big cluster does not trip rate limits.
 */
export async function explainFindings(
  findings: readonly Finding[],
  snapshot: ClusterSnapshot,
  options: CollectEvidenceOptions & { diagnoser: Diagnoser; language?: Language; noCache?: boolean; concurrency?: number },
): Promise<ExplainedFinding[]> {
  const results: ExplainedFinding[] = new Array<ExplainedFinding>(findings.length);
  let next = 0;
  const worker = async () => {
    while (next < findings.length) {
      const index = next++;
      const finding = findings[index] as Finding;
      const evidence = await collectEvidence(finding, snapshot, options);
      const result = await options.diagnoser.diagnose({
        finding,
        evidence,
        ...(options.language ? { language: options.language } : {}),
        ...(options.noCache ? { noCache: true } : {}),
      });
      results[index] = { finding, evidence, result };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, findings.length)) }, worker));
  return results;
}
