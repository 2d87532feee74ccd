import picomatch from 'picomatch';
import type { Finding } from '../analyze/types.js';

/** A runbook link: shown on incidents whose category or namespace matches `glob`. */
export interface RunbookRule {
  glob: string;
  url: string;
}

/**
 * Parses `RUNBOOK_URLS` entries, `category-or-namespace-glob=url` (the URL may itself hold `=`).
 * Throws with the offending entry, so a typo stops the start instead of a dead button at 3 a.m.
 */
export function parseRunbookUrls(entries: readonly string[]): RunbookRule[] {
  return entries.map((entry) => {
    const at = entry.indexOf('=');
    const glob = entry.slice(0, at).trim();
    const url = entry.slice(at + 1).trim();
    if (at <= 0 || !URL.canParse(url) || !/^https?:/.test(url)) throw new Error(`RUNBOOK_URLS: "${entry}" is not category-or-namespace-glob=https://…`);
    return { glob, url };
  });
}

/** The first rule's URL whose glob matches the finding's category or its namespace. */
export function runbookFor(rules: readonly RunbookRule[], finding: Pick<Finding, 'category' | 'namespace'>): string | undefined {
  return rules.find((rule) => picomatch.isMatch(finding.category, rule.glob) || (finding.namespace !== '' && picomatch.isMatch(finding.namespace, rule.glob)))?.url;
}
