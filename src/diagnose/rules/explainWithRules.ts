import type { Finding } from '../../analyze/types.js';
import type { Diagnosis, Language } from '../types.js';
import { loadRuleTemplates, type RuleTemplates } from './loadRuleTemplates.js';
import { renderRuleTemplate } from './renderRuleTemplate.js';
import { rollbackFix } from './rollbackFix.js';

/** As many fixes as a rule template shows. */
const MAX_FIXES = 5;

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
  const diagnosis = renderRuleTemplate(templates().get(language, finding.category), finding);
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
