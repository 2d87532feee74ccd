import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError } from '../config.js';

/**
 * The environment with an env file's values under it: variables already set win, like Compose;
 * an empty variable counts as unset (as in `readConfig`), so it does not hide the file's value.
 * A missing file, or a value that starts with `#` (read as a comment, so empty), is a ConfigError.
 */
export function environmentWith(envFile: string | undefined): NodeJS.ProcessEnv {
  if (envFile === undefined) return process.env;
  if (!existsSync(envFile)) throw new ConfigError([`--env-file: ${envFile} does not exist`]);
  const text = readFileSync(envFile, 'utf8');
  const fromFile = parseEnv(text);
  const commented = [...text.matchAll(/^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*#/gm)]
    .map((match) => match[1] ?? '')
    .filter((name) => (fromFile[name] ?? '') === '');
  if (commented.length > 0) {
    throw new ConfigError(commented.map((name) => `${name}: its value in ${envFile} starts with "#", which begins a comment, so it is empty: quote it ("#…")`));
  }
  const set = Object.entries(process.env).filter(([, value]) => value !== undefined && value !== '');
  return { ...fromFile, ...Object.fromEntries(set) };
}
