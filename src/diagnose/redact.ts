import type { Evidence, EvidenceSection } from './types.js';

/** What a redacted value becomes; the kind tells the reader (and the LLM) what was there. */
const mark = (kind: string): string => `<redacted:${kind}>`;

/** Key names whose values are secrets wherever they appear (`KEY=v`, `key: v`, `"key": "v"`, `--key v`). */
const SECRET_KEY =
  '[\\w.-]*(?:passw(?:or)?d|passwd|(?<![A-Za-z0-9])pass\\b|pwd|requirepass|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key(?:[_-]?id)?|client[_-]?secret|credentials?|auth(?:orization)?|accountkey|sharedaccesskey|sas[_-]?token|session[_-]?key|signature|cookie)[\\w.-]*';

/**
 * The rules, applied in order: the specific shapes first (PEM blocks, URLs, headers), so that
 * the generic ones (key=value, long tokens) do not cut a specific match in half.
 */
const RULES: readonly { re: RegExp; replace: string | ((...groups: string[]) => string) }[] = [
  // PEM private keys, also JSON-escaped (\n) as in GCP service-account files, also cut off by a log tail.
  {
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: mark('private-key'),
  },
  // Credentials in URLs and URL-style connection strings: scheme://user:password@host.
  { re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]+)@/gi, replace: (_m, scheme, user) => `${scheme}${user}:${mark('password')}@` },
  // Authorization headers and bearer/basic credentials anywhere.
  // Prose ("Basic authentication failed") is all lowercase letters; credentials never are.
  {
    re: /\b(Bearer|Basic|Digest)\s+([A-Za-z0-9._~+/=-]{8,})/g,
    replace: (m, scheme, value) => (/^[a-z]+$/.test(value) ? m : `${scheme} ${mark('credential')}`),
  },
  // JWTs (header.payload.signature, base64url, header starts with {" → eyJ).
  { re: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: mark('jwt') },
  // Well-known API key shapes: OpenAI, Anthropic, Slack, GitHub, GitLab, Google, Stripe, npm, SendGrid.
  {
    re: /\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|xox[abposr]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|npm_[A-Za-z0-9]{30,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})/g,
    replace: mark('api-key'),
  },
  // Slack and other webhook URLs carry their secret in the path.
  { re: /https:\/\/hooks\.slack\.com\/[^\s"'<>]+/g, replace: `https://hooks.slack.com/${mark('webhook')}` },
  // AWS access key ids.
  { re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b/g, replace: mark('aws-access-key') },
  // Azure SAS signatures in query strings.
  { re: /([?&](?:sig|se|skoid|sktid)=)[^&\s"']+/gi, replace: (_m, key) => `${key}${mark('sas')}` },
  // key=value, key: value, "key": "value with spaces", --key value / --key=value, where the key names a secret.
  {
    re: new RegExp(`(["']?)(${SECRET_KEY})\\1(\\s*[:=]\\s*|\\s+(?=["']?\\S))(?:"([^"\\n]*)"|'([^'\\n]*)'|([^\\s"',;&}]+))`, 'gi'),
    replace: (m, quote, key, sep, doubleQuoted, singleQuoted, bare) => {
      const value = doubleQuoted ?? singleQuoted ?? bare ?? '';
      // `--password value` only for flags; otherwise a plain sentence ("token expired") is not a secret.
      if (/^\s+$/.test(sep) && !/^-/.test(key)) return m;
      // Do not redact twice, nor values that are plainly not secrets.
      if (value === '' || value.startsWith('<redacted') || /^(?:true|false|null|none|\*+)$/i.test(value)) return m;
      // In error prose a lowercase word, a short word or a status code after a colon is not a
      // secret ("unauthorized: authentication required", "cannot fetch token: 401"); a password always is.
      const prose = /^[a-z]+$/.test(value) || /^[A-Za-z]{1,12}$/.test(value) || /^\d{1,5}$/.test(value);
      if (bare !== undefined && sep.includes(':') && prose && !/passw|pwd/i.test(key)) return m;
      const q = doubleQuoted !== undefined ? '"' : singleQuoted !== undefined ? "'" : '';
      return `${quote}${key}${quote}${sep}${q}${mark('secret')}${q}`;
    },
  },
  // The same inside JSON that a log line escaped: {\"password\":\"value\"}.
  {
    re: new RegExp(`(\\\\"${SECRET_KEY}\\\\"\\s*:\\s*\\\\")((?:[^"\\\\]|\\\\(?!"))*)(\\\\")`, 'gi'),
    replace: (m, before, value, after) => (value === '' || value.startsWith('<redacted') ? m : `${before}${mark('secret')}${after}`),
  },
  // Email addresses.
  { re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, replace: mark('email') },
  // Long high-entropy tokens (AWS secret keys, base64 keys): mixed case AND digits, 32+ chars.
  // Kubernetes names are lowercase and container ids are hex, so neither matches.
  {
    re: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_-])/g,
    replace: (m) => (/[a-z]/.test(m) && /[A-Z]/.test(m) && /[0-9]/.test(m) ? mark('token') : m),
  },
];

/**
 * Removes secrets from free text: private keys, credentials in URLs and headers, JWTs, cloud and
 * API keys, `password=`-style values, emails and long random tokens. Idempotent. Used on
 * everything that leaves the cluster (the LLM prompt, Slack evidence replies).
 */
export function redactText(text: string): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.re, rule.replace as (substring: string, ...args: string[]) => string);
  }
  return out;
}

/** A command-line flag whose next argument is a secret: `--password x`, `--db-token x`, redis-cli's `-a x`. */
const SECRET_FLAG = new RegExp(`^(?:-a|--?${SECRET_KEY})$`, 'i');

/**
 * A command or args array (container spec, exec probe) with every secret removed: the argument
 * after a secret-naming flag, and whatever `redactText` finds in each argument.
 */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((arg, index) => (index > 0 && SECRET_FLAG.test(argv[index - 1] ?? '') ? mark('secret') : redactText(arg)));
}

/**
 * Redacts lines as one text, so that a secret spread over several lines (a PEM key in a log)
 * is caught whole; returns the same number of lines or fewer.
 */
export function redactLines(lines: readonly string[]): string[] {
  return redactText(lines.join('\n')).split('\n');
}

/** Every section of `evidence`, redacted. */
export function redactEvidence(evidence: Evidence): Evidence {
  return {
    ...evidence,
    sections: evidence.sections.map((section): EvidenceSection => ({ ...section, lines: redactLines(section.lines) })),
  };
}

const DATA_KINDS = new Set(['Secret', 'ConfigMap']);
const DATA_FIELDS = new Set(['data', 'stringData', 'binaryData']);
/** Annotations that carry a whole copy of the object, Secret data included. */
const COPY_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/**
 * A deep copy of a Kubernetes object (or list) fit to leave the cluster: the values of Secret and
 * ConfigMap data, of env vars and of last-applied annotations are `<redacted>`, every other string
 * goes through `redactText`. Keys are kept, so "which key is missing" stays answerable.
 */
export function redactObject<T>(value: T): T {
  const walk = (node: unknown, parentKind: string | undefined, key: string | undefined): unknown => {
    if (typeof node === 'string') return redactText(node);
    if (Array.isArray(node)) {
      return node.map((item: unknown) =>
        key === 'env' && item && typeof item === 'object' && 'value' in item ? { ...(walk(item, parentKind, undefined) as object), value: '<redacted>' } : walk(item, parentKind, undefined),
      );
    }
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const kind = typeof record.kind === 'string' ? record.kind : parentKind;
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => {
        if (DATA_KINDS.has(kind ?? '') && DATA_FIELDS.has(k) && v && typeof v === 'object') {
          return [k, Object.fromEntries(Object.keys(v).map((dataKey) => [dataKey, '<redacted>']))];
        }
        if (key === 'annotations' && COPY_ANNOTATIONS.has(k)) return [k, '<redacted>'];
        return [k, walk(v, kind, k)];
      }),
    );
  };
  return walk(value, undefined, undefined) as T;
}
