import type { Finding } from '../analyze/types.js';
import type { DiagnosisResult } from '../diagnose/types.js';

/**
 * The `--output json` contract of DESIGN.md: exactly `{"findings": [...]}`, most severe first.
 * With `results` (`--explain`), each finding also carries its `diagnosis` (the five parts) and
 * its `source` (LLM or rules, and why), in the same order.
 */
export function renderFindingsJson(findings: Finding[], results?: readonly DiagnosisResult[]): string {
  if (results === undefined) return JSON.stringify({ findings }, null, 2);
  return JSON.stringify({ findings: findings.map((finding, at) => ({ ...finding, diagnosis: results[at]?.diagnosis, source: results[at]?.source })) }, null, 2);
}
