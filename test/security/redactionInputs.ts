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

/** Milliseconds per 100 KB for `f` on `text`: the best of `runs`, so a busy machine does not count. */
export function msPer100KB(f: (text: string) => unknown, text: string, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    f(text);
    best = Math.min(best, performance.now() - start);
  }
  return (best * 100 * 1024) / text.length;
}
