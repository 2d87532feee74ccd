import type { Logger } from '../logger.js';
import type { SlackPoster } from './createSlackPoster.js';
import type { Route } from './routeIncident.js';

/**
 * The route's mentions plus its user-group handles resolved to `<!subteam^S…>` (so nothing is
 * posted with `link_names`). A handle no user group has is dropped and logged; when Slack cannot
 * be asked, the ids alone are mentioned rather than delaying the incident.
 */
export async function resolveMentions(poster: Pick<SlackPoster, 'userGroupIds'>, route: Route, log: Logger): Promise<string[]> {
  if (route.names.length === 0) return route.mentions;
  let ids: Map<string, string>;
  try {
    ids = await poster.userGroupIds();
  } catch (error) {
    log.warn({ err: error, names: route.names }, 'notify: could not list user groups; mentioning ids only');
    return route.mentions;
  }
  const resolved = route.names.flatMap((name) => {
    const id = ids.get(name.toLowerCase());
    if (id === undefined) log.warn({ name }, 'notify: no user group has this handle; not mentioned');
    return id === undefined ? [] : [`<!subteam^${id}>`];
  });
  return [...new Set([...route.mentions, ...resolved])];
}
