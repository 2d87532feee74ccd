import picomatch from 'picomatch';

/** `ALERTMANAGER_IGNORE`: whether an alert name matches one of the globs (e.g. `Watchdog`, `Info*`). */
export function isIgnoredAlert(globs: readonly string[]): (alertname: string) => boolean {
  const patterns = globs.map((g) => g.trim()).filter((g) => g !== '');
  if (patterns.length === 0) return () => false;
  return picomatch(patterns);
}
