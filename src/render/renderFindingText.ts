import { createColors } from 'picocolors';
import { summaryIn } from '../analyze/summaryIn.js';
import type { Finding } from '../analyze/types.js';
import { headings } from '../diagnose/headings.js';
import type { DiagnosisResult, Language, Step } from '../diagnose/types.js';
import { describeSource } from './describeSource.js';

/** Evidence lines and pod names shown per finding in a terminal; `--output json` has them all. */
export const TEXT_EVIDENCE_LINES = 8;
export const TEXT_POD_NAMES = 10;

export interface TextRenderOptions {
  language: Language;
  /** ANSI colours: on only when writing to a terminal. */
  color: boolean;
}

/** One finding and its five-part diagnosis for a terminal, with colour when `color` is on. */
export function renderFindingText(finding: Finding, result: DiagnosisResult, options: TextRenderOptions): string {
  const { diagnosis } = result;
  const c = createColors(options.color);
  const h = headings(options.language);
  const severityColor = { critical: (t: string) => c.bgRed(c.white(t)), high: c.red, medium: c.yellow, low: c.cyan }[finding.severity];
  const where = finding.namespace === '' ? finding.workload : `${finding.namespace}  ${finding.workload}`;
  const steps = (list: Step[]): string[] =>
    list.flatMap((s) => [`     - ${s.text}`, ...(s.command !== undefined ? [`       ${c.green(`$ ${s.command}`)}`] : [])]);
  const shown = finding.evidence.slice(0, TEXT_EVIDENCE_LINES);
  const hidden = finding.evidence.length - shown.length;
  return [
    `${severityColor(c.bold(h.severities[finding.severity]))}  ${c.bold(finding.category)}  ${where}`,
    `  ${summaryIn(finding, options.language)}`,
    ...(finding.pods.length > 0 ? [`  ${c.dim(`${h.pods}:`)} ${finding.pods.slice(0, TEXT_POD_NAMES).join(', ')}${finding.pods.length > TEXT_POD_NAMES ? c.dim(` … +${finding.pods.length - TEXT_POD_NAMES}`) : ''}`] : []),
    `  ${c.dim(`${h.evidence}:`)}`,
    ...shown.map((line) => `    ${line}`),
    ...(hidden > 0 ? [c.dim(`    … +${hidden}`)] : []),
    '',
    `  ${c.dim(`(${describeSource(result.source, options.language)})`)}`,
    `  1. ${c.bold(h.faultLocation)}: ${diagnosis.faultLocation}`,
    `     ${h.additionalInfo}: ${diagnosis.additionalInfo}`,
    `  2. ${c.bold(h.explanation)}`,
    `     ${diagnosis.explanation}`,
    `  3. ${c.bold(h.causes)}`,
    ...diagnosis.causes.map((cause) => `     - ${cause}`),
    `  4. ${c.bold(h.debugSteps)}`,
    ...steps(diagnosis.debugSteps),
    `  5. ${c.bold(h.fixes)}`,
    ...steps(diagnosis.fixes),
  ].join('\n');
}
