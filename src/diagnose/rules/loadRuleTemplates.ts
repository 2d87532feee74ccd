import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CATEGORIES, type Category, type Finding } from '../../analyze/types.js';
import type { Diagnosis, Language } from '../types.js';
import { renderRuleTemplate } from './renderRuleTemplate.js';
import { PLACEHOLDER_PATTERN, PLACEHOLDERS, ruleTemplateSchema, type RuleTemplate } from './ruleTemplateSchema.js';

const LANGUAGES = ['en', 'ja'] as const satisfies readonly Language[];

/**
 * The package's `templates/rules`: this module sits three levels below the package root both as
 * src/diagnose/rules/*.ts (tsx) and as dist/diagnose/rules/*.js (after tsc).
 */
export const DEFAULT_RULE_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/rules/', import.meta.url));

/** A rule template that is missing, unreadable or invalid; `file` names it. */
export class RuleTemplateError extends Error {
  readonly code = 'RULE_TEMPLATE_INVALID';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`rule template ${file}: ${detail}`);
    this.name = 'RuleTemplateError';
  }
}

/** Every rule template, validated. */
export interface RuleTemplates {
  get(language: Language, category: Category): RuleTemplate;
  /** Changes whenever any template's content changes; use it in cache keys. */
  version: string;
}

/**
 * A finding with nothing but the fields every finding has: each template must still give all
 * five parts for it, so that no real finding ever gets an empty part.
 */
const BAREST_FINDING: Finding = {
  kind: 'Object',
  namespace: 'default',
  name: 'object',
  workload: 'Object/object',
  category: 'Other',
  component: 'object',
  severity: 'low',
  summary: 'summary',
  evidence: [],
  rootCause: [],
  pods: [],
  containers: [],
  related: [],
};

function usedPlaceholders(template: RuleTemplate): Set<string> {
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(PLACEHOLDER_PATTERN)) used.add(match[1] ?? '');
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  const { faultLocation, additionalInfo, explanation, causes, debugSteps, fixes } = template;
  visit([faultLocation, additionalInfo, explanation, causes, debugSteps, fixes]);
  return used;
}

function checkTemplate(file: string, template: RuleTemplate): void {
  const captures = Object.keys(template.captures ?? {});
  const builtIn: readonly string[] = PLACEHOLDERS;
  const shadowing = captures.filter((name) => builtIn.includes(name));
  if (shadowing.length > 0) throw new RuleTemplateError(file, `captures shadow built-in placeholders: ${shadowing.join(', ')}`);
  const unknown = [...usedPlaceholders(template)].filter((name) => !builtIn.includes(name) && !captures.includes(name));
  if (unknown.length > 0) throw new RuleTemplateError(file, `unknown placeholders: ${unknown.map((n) => `{{${n}}}`).join(', ')}`);
  const barest: Diagnosis = renderRuleTemplate(template, BAREST_FINDING);
  const empty = Object.entries(barest)
    .filter(([, part]) => (Array.isArray(part) ? part.length === 0 : part === ''))
    .map(([name]) => name);
  if (empty.length > 0) {
    throw new RuleTemplateError(file, `needs an unconditional item using only always-known placeholders in: ${empty.join(', ')}`);
  }
}

function readTemplate(dir: string, language: Language, category: Category): { template: RuleTemplate; source: string } {
  const file = join(dir, language, `${category}.yaml`);
  let source: string;
  let data: unknown;
  try {
    source = readFileSync(file, 'utf8');
    data = parse(source);
  } catch (error) {
    throw new RuleTemplateError(file, error instanceof Error ? error.message : String(error));
  }
  const parsed = ruleTemplateSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new RuleTemplateError(file, issues.join('; '));
  }
  checkTemplate(file, parsed.data);
  return { template: parsed.data, source };
}

/**
 * Reads and validates `<dir>/<language>/<Category>.yaml` for every category of every language
 * (or of `languages` only: a CLI run needs one), synchronously (a few dozen small files, once per process). Fails with the file's name on a
 * missing, unknown or invalid template.
 */
export function loadRuleTemplates(options: { dir?: string; languages?: readonly Language[] } = {}): RuleTemplates {
  const dir = options.dir ?? DEFAULT_RULE_TEMPLATES_DIR;
  const hash = createHash('sha256');
  const templates = new Map<string, RuleTemplate>();
  for (const language of options.languages ?? LANGUAGES) {
    const expected = new Set(CATEGORIES.map((category) => `${category}.yaml`));
    let present: string[];
    try {
      present = readdirSync(join(dir, language));
    } catch (error) {
      throw new RuleTemplateError(join(dir, language), error instanceof Error ? error.message : String(error));
    }
    // A misspelt file name would otherwise be silently ignored.
    const stray = present.filter((name) => !expected.has(name));
    if (stray.length > 0) throw new RuleTemplateError(join(dir, language, stray[0] ?? ''), 'not a failure category');
    for (const category of CATEGORIES) {
      const { template, source } = readTemplate(dir, language, category);
      templates.set(`${language}/${category}`, template);
      hash.update(`${language}/${category}\0${source}\0`);
    }
  }
  return {
    get(language, category) {
      const template = templates.get(`${language}/${category}`);
      if (!template) throw new RuleTemplateError(join(dir, language, `${category}.yaml`), 'not loaded');
      return template;
    },
    version: `rules-${hash.digest('hex').slice(0, 12)}`,
  };
}
