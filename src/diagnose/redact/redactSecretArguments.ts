import { isRedacted, mark } from './mark.js';
import { SECRET_KEY } from './textRules.js';

/** Last words of a flag whose value is a secret: `--password`, `--db-token`, `--api-key`. */
const SECRET_FLAG_WORDS = ['password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'token', 'apikey', 'key', 'credential', 'credentials'];

/** `--password`, `--db-token`, `-api_key`, `--requirepass`; not `--bypass`, `--token-ttl`, `--key-size`. */
function isSecretFlag(flag: string): boolean {
  if (flag.length > 64 || !flag.startsWith('-')) return false;
  const name = flag.replace(/^--?/, '').toLowerCase();
  if (name === 'requirepass' || name === 'masterauth' || name.endsWith('password')) return true;
  return SECRET_FLAG_WORDS.some((word) => name.endsWith(word) && (name.length === word.length || '-_.'.includes(name.charAt(name.length - word.length - 1))));
}
/** Commands whose `-p` takes the password, attached (`-pSECRET`) or as the next word. */
const DASH_P = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mysqlimport', 'mysqlsh', 'mariadb', 'mariadb-dump', 'mongo', 'mongosh', 'mongodump', 'mongorestore', 'sshpass', 'login']);
/** Commands whose `-u`/`--user` takes `user:password`. */
const USER_COLON = new Set(['curl', 'wget']);
/** Commands that start a `login` sub-command with `-p`. */
const LOGIN_COMMANDS = new Set(['docker', 'podman', 'nerdctl', 'buildah', 'skopeo', 'helm', 'oras']);
const COMMANDS = new Set([...DASH_P, ...USER_COLON, ...LOGIN_COMMANDS, 'redis-cli', 'valkey-cli']);

/** In an argv, a word that names a secret and asks for the next word: `API_KEY:`, `password=`, `Bearer`. */
const KEY_WORD = new RegExp(`^(?:${SECRET_KEY}[:=]|bearer|basic|digest)$`, 'i');
const AUTH_SCHEME = /^(?:bearer|basic|digest)$/i;

/** Quotes, brackets and commas around a word, as in `sh -c "…"` or Go's `[sh -c …]`. */
const LEADING = new Set(['[', '"', "'", '(', ',', '`']);
const TRAILING = new Set([']', '"', "'", ')', ',', ';', '`']);
/** A value that is a file path or a reference, not the secret itself: `/etc/tls/tls.key`, `$(TOKEN)`. */
const NOT_A_VALUE = /^(?:\$|\.{0,2}\/[\w.-]+(?:\/[\w.-]+)*$|(?:true|false|yes|no|null|none|\*+)$)/i;

interface Word {
  lead: string;
  bare: string;
  trail: string;
}
const split = (word: string): Word => {
  let start = 0;
  let end = word.length;
  while (start < end && LEADING.has(word.charAt(start))) start += 1;
  while (end > start && TRAILING.has(word.charAt(end - 1))) end -= 1;
  return { lead: word.slice(0, start), bare: word.slice(start, end), trail: word.slice(end) };
};
const secretValue = (value: string): boolean => value !== '' && !isRedacted(value) && !NOT_A_VALUE.test(value) && !value.startsWith('-');
/** `user:password` with the password hidden; a `uid:gid` pair is not a credential. */
const hidePassword = (value: string): string => {
  const colon = value.indexOf(':');
  if (colon < 0 || /^\d+:\d+$/.test(value) || !secretValue(value.slice(colon + 1))) return value;
  return `${value.slice(0, colon + 1)}${mark('password')}`;
};

/**
 * The words of a command line with every value of a credential flag hidden: `--password x`,
 * `--db-token=x`, `redis-cli -a x`, `mysql -px` / `-p x`, `docker login -p x`, `curl -u user:x`.
 * A word may carry the quotes or brackets of its command line around it; they are kept. With
 * `argv` (a container's command, where each word is its own argument) a word like `API_KEY:` or
 * `Bearer` also hides the word after it.
 */
export function redactSecretArguments(words: readonly string[], options: { argv?: boolean } = {}): string[] {
  const out = [...words];
  let command = '';
  for (let i = 0; i < words.length; i += 1) {
    const { lead, bare, trail } = split(words[i] ?? '');
    if (options.argv && KEY_WORD.test(bare) && i + 1 < words.length) {
      const next = split(words[i + 1] ?? '');
      if (!AUTH_SCHEME.test(next.bare) && secretValue(next.bare)) {
        out[i + 1] = `${next.lead}${mark('secret')}${next.trail}`;
        i += 1;
      }
      continue;
    }
    if (!bare.startsWith('-')) {
      const name = bare.slice(bare.lastIndexOf('/') + 1).toLowerCase();
      if (COMMANDS.has(name) || (name === 'login' && LOGIN_COMMANDS.has(command))) command = name;
      continue;
    }
    const eq = bare.indexOf('=');
    const flag = eq > 0 ? bare.slice(0, eq) : bare;
    const attached = eq > 0 ? bare.slice(eq + 1) : undefined;
    const userColon = USER_COLON.has(command) && /^(?:-u|--user|--proxy-user|-U)$/.test(flag);
    let hide: ((value: string) => string) | undefined;
    if (userColon) hide = hidePassword;
    else if (isSecretFlag(flag) || (flag === '-a' && command.endsWith('-cli')) || (flag === '-p' && DASH_P.has(command))) {
      hide = (value) => (secretValue(value) ? mark('secret') : value);
    }
    if (hide && attached !== undefined) {
      out[i] = `${lead}${flag}=${hide(attached)}${trail}`;
    } else if (hide && i + 1 < words.length) {
      const next = split(words[i + 1] ?? '');
      const hidden = hide(next.bare);
      if (hidden !== next.bare) {
        out[i + 1] = `${next.lead}${hidden}${next.trail}`;
        i += 1;
      }
    } else if (DASH_P.has(command) && /^-p./.test(bare)) {
      out[i] = `${lead}-p${mark('secret')}${trail}`;
    } else if (USER_COLON.has(command) && /^-u.+:/.test(bare)) {
      out[i] = `${lead}-u${hidePassword(bare.slice(2))}${trail}`;
    }
  }
  return out;
}

/** Where one word of a printed command line ends: whitespace, or `","` between JSON array items. */
const WORD_BREAK = /(\s+|",")/;

/**
 * `redactSecretArguments` over each line of free text, words split at whitespace or between the
 * items of a JSON array (`["--db-password","x"]`, as a diff or a log prints an argv); one linear pass.
 */
export function redactCommandLines(text: string): string {
  if (!/(?:^|[\s"'[,])-/.test(text)) return text;
  return text
    .split('\n')
    .map((line) => {
      const parts = line.split(WORD_BREAK);
      const words = parts.filter((_, index) => index % 2 === 0);
      const redacted = redactSecretArguments(words);
      return parts.map((part, index) => (index % 2 === 0 ? (redacted[index / 2] ?? part) : part)).join('');
    })
    .join('\n');
}
