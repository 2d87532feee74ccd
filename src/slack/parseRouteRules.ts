/** A routing rule: the first that matches an incident picks its channel. */
export type RouteRule =
  | { type: 'namespace'; glob: string; channel: string }
  | { type: 'label'; key: string; value: string; channel: string };

/**
 * Parses `SLACK_ROUTES` entries: `namespace-glob=channel` or `label:key=value=channel`.
 * Throws with the offending entry, so a typo stops the start instead of misrouting at 3 a.m.
 */
export function parseRouteRules(entries: readonly string[]): RouteRule[] {
  return entries
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map((entry): RouteRule => {
      if (entry.startsWith('label:')) {
        const parts = entry.slice('label:'.length).split('=');
        const [key, value, channel] = parts;
        if (parts.length !== 3 || !key || value === undefined || !channel) throw new Error(`SLACK_ROUTES: "${entry}" is not label:key=value=channel`);
        return { type: 'label', key, value, channel };
      }
      const parts = entry.split('=');
      const [glob, channel] = parts;
      if (parts.length !== 2 || !glob || !channel) throw new Error(`SLACK_ROUTES: "${entry}" is not namespace-glob=channel or label:key=value=channel`);
      return { type: 'namespace', glob, channel };
    });
}
