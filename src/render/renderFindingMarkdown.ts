import { summaryIn } from '../analyze/summaryIn.js';
import type { Finding } from '../analyze/types.js';
import { headings } from '../diagnose/headings.js';
import type { DiagnosisResult, Language, Step } from '../diagnose/types.js';
import { describeSource } from './describeSource.js';

/** Markdown code spans cannot hold a backtick run of their own length; fences need one more. */
function fence(lines: string[]): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  const bar = '`'.repeat(longest + 1);
  return [bar, ...lines, bar];
}

function steps(list: Step[]): string[] {
  return list.flatMap((s) => [`- ${s.text}`, ...(s.command !== undefined ? fence([s.command]).map((l) => `  ${l}`) : [])]);
}

/** One finding and its five-part diagnosis as Markdown (for issues, wikis, chat). */
export function renderFindingMarkdown(finding: Finding, result: DiagnosisResult, language: Language): string {
  const { diagnosis } = result;
  const h = headings(language);
  const where = finding.namespace === '' ? finding.workload : `${finding.namespace} / ${finding.workload}`;
  return [
    `## ${h.severities[finding.severity]} · ${finding.category} · ${where}`,
    '',
    summaryIn(finding, language),
    '',
    ...(finding.pods.length > 0 ? [`**${h.pods}:** ${finding.pods.map((p) => `\`${p}\``).join(', ')}`, ''] : []),
    `**${h.evidence}:**`,
    '',
    ...fence(finding.evidence),
    '',
    `_${describeSource(result.source, language)}_`,
    '',
    `1. **${h.faultLocation}:** ${diagnosis.faultLocation}`,
    `   - ${h.additionalInfo}: ${diagnosis.additionalInfo}`,
    `2. **${h.explanation}**`,
    `   - ${diagnosis.explanation}`,
    `3. **${h.causes}**`,
    ...diagnosis.causes.map((cause) => `   - ${cause}`),
    `4. **${h.debugSteps}**`,
    ...steps(diagnosis.debugSteps).map((l) => `   ${l}`),
    `5. **${h.fixes}**`,
    ...steps(diagnosis.fixes).map((l) => `   ${l}`),
  ].join('\n');
}
