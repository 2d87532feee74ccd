import type { Config } from '../config.js';
import { parseRunbookUrls } from '../slack/parseRunbookUrls.js';

/**
 * The hosts a posted link may point to: `SLACK_LINK_HOSTS`, plus the hosts of the runbooks the
 * operators configured themselves (`RUNBOOK_URLS`), which are trusted by definition.
 */
export function allowedLinkHosts(config: Pick<Config, 'SLACK_LINK_HOSTS' | 'RUNBOOK_URLS'>): string[] {
  const runbookHosts = parseRunbookUrls(config.RUNBOOK_URLS).map((rule) => new URL(rule.url).hostname);
  return [...new Set([...config.SLACK_LINK_HOSTS, ...runbookHosts])];
}
