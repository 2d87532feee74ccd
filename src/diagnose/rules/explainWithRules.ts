import { summaryIn } from '../../analyze/summaryIn.js';
import type { Finding } from '../../analyze/types.js';
import type { Diagnosis, Language } from '../types.js';
import { loadRuleTemplates, type RuleTemplates } from './loadRuleTemplates.js';
import { renderRuleTemplate } from './renderRuleTemplate.js';
import { rollbackFix } from './rollbackFix.js';

/** As many fixes as a rule template shows. */
const MAX_FIXES = 5;

let allTemplates: RuleTemplates | undefined;
const byLanguage = new Map<Language, RuleTemplates>();

/** The package's templates, loaded and validated on first use (a broken one throws here). */
function templates(): RuleTemplates {
  allTemplates ??= loadRuleTemplates();
  return allTemplates;
}

/** One language's templates: a CLI run in one language does not parse the other's. */
function templatesIn(language: Language): RuleTemplates {
  const loaded = allTemplates ?? byLanguage.get(language) ?? loadRuleTemplates({ languages: [language] });
  byLanguage.set(language, loaded);
  return loaded;
}

/**
 * The rule-based five-part answer for `finding`: the answer when no LLM is configured or it
 * fails. Commands carry the finding's real names; steps whose names are unknown are left out.
 */
export function explainWithRules(finding: Finding, language: Language): Diagnosis {
  // `{{summary}}` in a sentence of the language, not the analyzer's English.
  const localized = language === 'en' ? finding : { ...finding, summary: summaryIn(finding, language) };
  const diagnosis = renderRuleTemplate(templatesIn(language).get(language, finding.category), localized);
  // A failure that began right after a rollout: going back is the fastest fix, so it comes first.
  const rollback = rollbackFix(finding, language);
  if (rollback === undefined) return diagnosis;
  const fixes = [rollback, ...diagnosis.fixes.filter((f) => f.command?.startsWith('kubectl rollout undo') !== true)];
  return { ...diagnosis, fixes: fixes.slice(0, MAX_FIXES) };
}

/** The version of the rule templates in use, for cache keys. */
export function rulesTemplateVersion(): string {
  return templates().version;
}
