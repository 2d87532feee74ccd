import type { Finding } from '../../analyze/types.js';
import type { Diagnosis, Language } from '../types.js';
import { loadRuleTemplates, type RuleTemplates } from './loadRuleTemplates.js';
import { renderRuleTemplate } from './renderRuleTemplate.js';

let defaultTemplates: RuleTemplates | undefined;

/** The package's templates, loaded and validated on first use (a broken one throws here). */
function templates(): RuleTemplates {
  defaultTemplates ??= loadRuleTemplates();
  return defaultTemplates;
}

/**
 * The rule-based five-part answer for `finding`: the answer when no LLM is configured or it
 * fails. Commands carry the finding's real names; steps whose names are unknown are left out.
 */
export function explainWithRules(finding: Finding, language: Language): Diagnosis {
  return renderRuleTemplate(templates().get(language, finding.category), finding);
}

/** The version of the rule templates in use, for cache keys. */
export function rulesTemplateVersion(): string {
  return templates().version;
}
