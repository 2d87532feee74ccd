import { randomBytes } from 'node:crypto';

/**
 * Inputs that made the old patterns quadratic, about `size` characters each: one long token of a
 * random alphabet, repeats of the words the rules look for, separators the rules start at.
 * Shared by the linear-time test and `npm run bench:redact`.
 */
export function hostileInputs(size: number): Record<string, string> {
  const repeat = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  return {
    base64url: randomBytes(Math.ceil((size * 3) / 4)).toString('base64url').slice(0, size),
    base64: randomBytes(Math.ceil((size * 3) / 4)).toString('base64').slice(0, size),
    hex: randomBytes(Math.ceil(size / 2)).toString('hex').slice(0, size),
    oneLetter: repeat('a'),
    secretWords: repeat('secret_token'),
    keyEquals: repeat('password='),
    quotedKeys: repeat('password: "'),
    spacesAfterKey: `password${' '.repeat(size)}`,
    dottedWords: repeat('a.'),
    dashedWords: repeat('a-'),
    atSigns: repeat('a@'),
    urlStarts: repeat('http://a:'),
    bearers: repeat('Bearer '),
    jwtStarts: repeat('-eyJ'),
    flags: repeat('--password '),
    mysql: repeat('mysql -p'),
    kindNames: repeat('Deployment/prometheus-server-5c8d7f9b4-x2x9z '),
  };
}

/**
 * CPU milliseconds per 100 KB for `f` on `text`: the best of `runs`. CPU time of this process, not
 * wall time, so other processes on a busy machine (a parallel test file, a spawned bot) do not count.
 */
export function msPer100KB(f: (text: string) => unknown, text: string, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const start = process.cpuUsage();
    f(text);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return (best * 100 * 1024) / text.length;
}
