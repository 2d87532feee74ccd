/** A channel id (`C…`, `G…`, `D…`) rather than a name: reading history and threads needs one. */
export function isChannelId(channel: string): boolean {
  return /^[CGD][A-Z0-9]{6,}$/.test(channel);
}
