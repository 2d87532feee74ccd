/** Things that differ between pods of one workload but say nothing about the failure. */
const UID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b/g;
const COUNT = /\(x\d+\)/g;
const RESTARTS = /restarts \d+/g;
const IP = /\b\d{1,3}(\.\d{1,3}){3}\b/g;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Keeps one line of each kind when several pods of a workload say the same thing: lines equal
 * but for pod names, uids, times, counts and IPs collapse into the first, marked `(+N similar)`.
 * Fifty replicas in CrashLoopBackOff give two root-cause lines, not a hundred.
 */
export function collapseSimilar(lines: string[], pods: string[]): string[] {
  const names = pods.length > 0 ? new RegExp(pods.map(escape).sort((a, b) => b.length - a.length).join('|'), 'g') : undefined;
  const shape = (line: string): string => {
    const generic = line.replace(UID, '<uid>').replace(TIME, '<time>').replace(COUNT, '(xN)').replace(RESTARTS, 'restarts N').replace(IP, '<ip>');
    return names === undefined ? generic : generic.replace(names, '<pod>');
  };
  const kept: { line: string; similar: number }[] = [];
  const byShape = new Map<string, { line: string; similar: number }>();
  for (const line of lines) {
    const key = shape(line);
    const seen = byShape.get(key);
    if (seen !== undefined) {
      if (seen.line !== line) seen.similar += 1;
      continue;
    }
    const entry = { line, similar: 0 };
    byShape.set(key, entry);
    kept.push(entry);
  }
  return kept.map((e) => (e.similar > 0 ? `${e.line} (+${e.similar} similar)` : e.line));
}
