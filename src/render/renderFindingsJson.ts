import type { Finding } from '../analyze/types.js';

/** The `--output json` contract of DESIGN.md: exactly `{"findings": [...]}`, most severe first. */
export function renderFindingsJson(findings: Finding[]): string {
  return JSON.stringify({ findings }, null, 2);
}
