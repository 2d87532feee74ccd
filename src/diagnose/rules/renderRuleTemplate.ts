import type { Finding } from '../../analyze/types.js';
import type { Diagnosis, Step } from '../types.js';
import { clipQuote, findingPlaceholders, type PlaceholderValue, type PlaceholderValues } from './findingPlaceholders.js';
import {
  PLACEHOLDER_PATTERN,
  type Condition,
  type RuleTemplate,
  type TemplateLine,
  type TemplatePhrase,
  type TemplateStep,
} from './ruleTemplateSchema.js';

/** Lists are cut to this many items so that each part reads on a phone. */
const MAX_ITEMS = 5;

/** Names are DNS-1123 and need no quoting; anything else (an image, a message) is single-quoted. */
const SHELL_SAFE = /^[A-Za-z0-9._/:=@,+%-]+$/;

function shellQuote(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

interface Context {
  values: PlaceholderValues;
  /** Summary, root cause and evidence as one text, for `evidenceMatches`. */
  evidenceText: string;
  workloadKind: string;
  podCount: number;
}

function holds(when: Condition | undefined, ctx: Context): boolean {
  if (!when) return true;
  if (when.evidenceMatches !== undefined && !new RegExp(when.evidenceMatches, 'i').test(ctx.evidenceText)) {
    return false;
  }
  if (when.evidenceLacks !== undefined && new RegExp(when.evidenceLacks, 'i').test(ctx.evidenceText)) return false;
  if (when.workloadKind && !when.workloadKind.includes(ctx.workloadKind)) return false;
  if (when.minPods !== undefined && ctx.podCount < when.minPods) return false;
  return true;
}

/**
 * Fills `{{placeholders}}`; undefined when one has no value, so that the caller drops the item
 * instead of printing `{{pvc}}` or an empty name.
 */
function fill(template: string, values: PlaceholderValues, quote: boolean): string | undefined {
  let missing = false;
  const out = template.replace(PLACEHOLDER_PATTERN, (_match, name: string) => {
    const value: PlaceholderValue = values[name];
    const parts = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    if (parts.length === 0 || parts.some((part) => part === '')) {
      missing = true;
      return '';
    }
    return quote ? parts.map(shellQuote).join(' ') : parts.join(', ');
  });
  return missing ? undefined : out;
}

function fillCommand(command: string, ctx: Context): string | undefined {
  // A cluster-scoped finding (namespace '') gets commands without `-n`.
  const scoped = ctx.values['namespace'] === '' ? command.replace(/\s+(?:-n|--namespace)[ =]\{\{\s*namespace\s*\}\}/g, '') : command;
  return fill(scoped, ctx.values, true);
}

function renderLines(lines: readonly TemplateLine[], ctx: Context): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const item = typeof line === 'string' ? { text: line } : line;
    if (!holds(item.when, ctx)) continue;
    const text = fill(item.text, ctx.values, false);
    if (text !== undefined && !out.includes(text)) out.push(text);
  }
  return out.slice(0, MAX_ITEMS);
}

function renderSteps(steps: readonly TemplateStep[], ctx: Context): Step[] {
  const out: Step[] = [];
  for (const step of steps) {
    const item = typeof step === 'string' ? { text: step } : step;
    if (!holds(item.when, ctx)) continue;
    const text = fill(item.text, ctx.values, false);
    if (text === undefined) continue;
    if (item.command === undefined) {
      out.push({ text });
      continue;
    }
    const command = fillCommand(item.command, ctx);
    if (command !== undefined) out.push({ text, command });
  }
  return out.slice(0, MAX_ITEMS);
}

function renderPhrase(phrase: TemplatePhrase, ctx: Context): string {
  return renderLines(typeof phrase === 'string' ? [phrase] : phrase, ctx)[0] ?? '';
}

/** Values of the template's `captures`: the first group of each regex's first match. */
function captureValues(template: RuleTemplate, evidenceText: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, source] of Object.entries(template.captures ?? {})) {
    const value = new RegExp(source, 'i').exec(evidenceText)?.[1]?.trim();
    out[name] = value ? clipQuote(value) : undefined;
  }
  return out;
}

/** The five-part answer of `template` for `finding`. Parts may be empty; the loader checks that they are not. */
export function renderRuleTemplate(template: RuleTemplate, finding: Finding): Diagnosis {
  const evidenceText = [finding.summary, ...finding.rootCause, ...finding.evidence].join('\n');
  const ctx: Context = {
    values: { ...captureValues(template, evidenceText), ...findingPlaceholders(finding) },
    evidenceText,
    workloadKind: finding.workload.split('/')[0] ?? '',
    podCount: finding.pods.length,
  };
  return {
    faultLocation: renderPhrase(template.faultLocation, ctx),
    additionalInfo: renderPhrase(template.additionalInfo, ctx),
    explanation: renderPhrase(template.explanation, ctx),
    causes: renderLines(template.causes, ctx),
    debugSteps: renderSteps(template.debugSteps, ctx),
    fixes: renderSteps(template.fixes, ctx),
  };
}
