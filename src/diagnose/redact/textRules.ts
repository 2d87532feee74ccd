import { isRedacted, mark } from './mark.js';

/**
 * Every rule here must stay linear in its input (a crashed container's last log line can be one
 * 96 KB token): a match may only start where a token starts (a lookbehind that refuses the
 * middle of a word), and every repeat before the part that decides the match is bounded. Then a
 * start position costs a bounded amount of work and a token has one start.
 */
export interface TextRule {
  re: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

/** Words that make a key name a secret's name: `DB_PASSWORD`, `api_key`, `STRIPE_KEY`, `x-auth-token`. */
const SECRET_WORD =
  '(?:passw(?:or)?d|passphrase|(?<![A-Za-z0-9])pass\\b|pwd|requirepass|masterauth|secret|token|api[_-]?key|apikey|access[_-]?key|' +
  'private[_-]?key(?:[_-]?id)?|signing[_-]?key|encryption[_-]?key|master[_-]?key|[_.-]key\\b|credentials?|auth(?:orization)?(?![a-z])|' +
  'accountkey|sharedaccesskey|signature|cookie)';
/** A whole key name around a secret word; bounded on both sides, so a long word costs a bounded scan. */
export const SECRET_KEY = `[\\w.-]{0,40}${SECRET_WORD}[\\w.-]{0,40}`;

/** A variable's name (`API_KEY`, `api_key`, `clientSecret`) or a password's: never prose. */
const VARIABLE_KEY = /_|^[A-Z0-9.-]+$|[a-z][A-Z]|pass|pwd/;
/** What follows such a key in prose: a lowercase word, a short word, a status code. */
const PROSE_VALUE = /^(?:[a-z]+|[A-Za-z]{1,12}|\d{1,5})$/;
const NOT_A_SECRET = /^(?:true|false|null|none|\*+)$/i;

/** Vendor tokens with a known prefix. Sources: each vendor's documented token format. */
const VENDOR_TOKENS = [
  'sk-(?:proj-|ant-(?:api\\d\\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{16,}', // OpenAI, Anthropic
  'xox[abposre]-[A-Za-z0-9-]{8,}',
  'xapp-[A-Za-z0-9-]{8,}', // Slack
  'gh[pousr]_[A-Za-z0-9]{20,}',
  'github_pat_[A-Za-z0-9_]{20,}', // GitHub
  'gl(?:pat|ptt|rt|dt|cbt|soat|oas|ft|imt|agent|ffct)-[A-Za-z0-9_.-]{16,}',
  'GR1348941[A-Za-z0-9_-]{20,}', // GitLab
  'AIza[0-9A-Za-z_-]{30,}',
  'ya29\\.[0-9A-Za-z_-]{16,}',
  'GOCSPX-[A-Za-z0-9_-]{20,}',
  '1//0[A-Za-z0-9_-]{30,}', // Google API key, OAuth access, client secret, refresh token
  '(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}',
  'whsec_[A-Za-z0-9]{20,}', // Stripe
  'npm_[A-Za-z0-9]{30,}',
  'pypi-AgE[A-Za-z0-9_-]{50,}',
  'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}', // SendGrid
  'hv[sbr]\\.[A-Za-z0-9_-]{20,}',
  '[sbr]\\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])', // Vault, new and legacy
  '[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}', // Azure AD client secret
  'SK[0-9a-fA-F]{32}', // Twilio API key
  'key-[0-9a-zA-Z]{32}', // Mailgun
  '[0-9a-f]{32}-us\\d{1,2}', // Mailchimp
  'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}', // Shopify
  'do[opr]_v1_[a-f0-9]{64}', // DigitalOcean
  'hf_[A-Za-z0-9]{30,}', // Hugging Face
  'dapi[a-f0-9]{32}', // Databricks
  'dckr_pat_[A-Za-z0-9_-]{20,}', // Docker Hub
  'dp\\.(?:st|pt|ct|scim|audit)\\.[A-Za-z0-9_.-]{20,}', // Doppler
  'PMAK-[a-f0-9]{24}-[a-f0-9]{34}', // Postman
  'pul-[a-f0-9]{40}', // Pulumi
  'gl(?:c|sa)_[A-Za-z0-9+/_=]{32,}', // Grafana Cloud, service account
  'NRAK-[A-Z0-9]{27}', // New Relic
  'sntr[ysu]s?_[A-Za-z0-9+/=_-]{30,}', // Sentry
  'ATATT3[A-Za-z0-9_=-]{30,}', // Atlassian
  'lin_api_[A-Za-z0-9]{40}', // Linear
  '[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_-]{60,}', // Terraform Cloud
  'AGE-SECRET-KEY-1[0-9A-Z]{58,}', // age
  'LTAI[A-Za-z0-9]{20}', // Alibaba Cloud
  '\\d{8,10}:AA[A-Za-z0-9_-]{33,}', // Telegram bot
  'ntn_[A-Za-z0-9]{40,}', // Notion
  'sbp_[a-f0-9]{40}', // Supabase
  'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{30,}', // PlanetScale
  'figd_[A-Za-z0-9_-]{40,}', // Figma
  'ops_eyJ[A-Za-z0-9+/]{100,}={0,3}', // 1Password service account
  'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}', // Square
  'HRKU-[A-Za-z0-9_-]{60,}', // Heroku
  'fo1_[A-Za-z0-9_-]{39,}', // Fly.io
];

/** A Kubernetes-shaped name part: `prometheus-server-5c8d7f9b4-x2x9z`, `Deployment`, `v1`. */
const NAME_PART = /^(?:[a-z0-9]+(?:[-_.][a-z0-9]+)*|[A-Z][a-zA-Z]*)?$/;

/**
 * A long token is random (a key, a session id) when it mixes lower case, upper case and digits,
 * unless each `/`-separated part is a name the Kubernetes API shows (`Kind/name`, image paths).
 */
function looksRandom(token: string): boolean {
  if (!(/[a-z]/.test(token) && /[A-Z]/.test(token) && /[0-9]/.test(token))) return false;
  return !token.replace(/=+$/, '').split('/').every((part) => NAME_PART.test(part));
}

/** A domain an email could have: dotted labels ending in a letters-only top-level domain. */
const EMAIL_DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/**
 * The rules, applied in order: the specific shapes first (PEM blocks, URLs, headers, vendor
 * tokens), so that the generic ones (key=value, long tokens) do not cut a specific match in half.
 */
export const TEXT_RULES: readonly TextRule[] = [
  // PEM private keys, also JSON-escaped (\n) as in GCP service-account files, also cut off by a log tail.
  {
    re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: mark('private-key'),
  },
  // Credentials in URLs and connection strings: scheme://user:password@host. The password may
  // hold `/`, `:` or `#` unescaped (people paste them so); the last `@` before the host ends it.
  {
    re: /(?<![A-Za-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:/@"'<>]{0,128}):([^\s"'<>]{1,256})@(?=[A-Za-z0-9[])/gi,
    replace: (m, scheme, user, password) => (isRedacted(password ?? '') ? m : `${scheme}${user}:${mark('password')}@`),
  },
  // Authorization schemes and their credentials anywhere, short ones too. Prose ("Basic
  // authentication failed", "Bearer Token") is one word of letters; `Bearer realm="…"` is a challenge.
  {
    re: /\b([Bb]earer|[Bb]asic|[Dd]igest)\s{1,8}([A-Za-z0-9._~+/-]+={0,2})(?![\w=])(?!(?<==)")/g,
    replace: (m, scheme, value) => (/^[A-Z]?[a-z]+$/.test(value ?? '') ? m : `${scheme} ${mark('credential')}`),
  },
  // JWTs (header.payload.signature, base64url; a header starts with {" → eyJ).
  { re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: mark('jwt') },
  { re: new RegExp(`(?<![A-Za-z0-9_./+-])(?:${VENDOR_TOKENS.join('|')})`, 'g'), replace: mark('api-key') },
  // Webhook URLs carry their secret in the path.
  { re: /https:\/\/hooks\.slack\.com\/[^\s"'<>]+/g, replace: `https://hooks.slack.com/${mark('webhook')}` },
  { re: /(https:\/\/(?:discord(?:app)?\.com\/api\/webhooks|[\w-]{1,63}\.webhook\.office\.com\/webhookb2)\/)[^\s"'<>]+/g, replace: (_m, base) => `${base}${mark('webhook')}` },
  // AWS access key ids.
  { re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b/g, replace: mark('aws-access-key') },
  // Azure SAS signatures in query strings.
  { re: /([?&](?:sig|se|skoid|sktid)=)[^&\s"']+/gi, replace: (_m, key) => `${key}${mark('sas')}` },
  // key=value, key: value, "key": "value with spaces", --key value / --key=value, where the key
  // names a secret. A bare value ends at a space, a quote, `,`, `;`, `}` or a query string's `&next=`.
  {
    re: new RegExp(
      `(?<![\\w.-])(["']?)(${SECRET_KEY})\\1(\\s{0,8}[:=]\\s{0,8}|\\s{1,8}(?=["']?\\S))(?:"([^"\\n]{0,512})"|'([^'\\n]{0,512})'|((?:[^\\s"',;&}]|&(?![\\w.-]{1,64}=))+))`,
      'gi',
    ),
    replace: (m, quote, key, sep, doubleQuoted, singleQuoted, bare) => {
      const value = doubleQuoted ?? singleQuoted ?? bare ?? '';
      // `--password value` only for flags; otherwise a plain sentence ("token expired") is not a secret.
      if (/^\s+$/.test(sep ?? '') && !/^-/.test(key ?? '')) return m;
      if (value === '' || isRedacted(value) || NOT_A_SECRET.test(value)) return m;
      // In error prose a plain word for a key, then a word or a status code after a colon is not
      // a secret ("unauthorized: authentication required", "cannot fetch token: 401"); a
      // variable's value (`API_KEY: abc`, `api_key: abc`) always is.
      if (bare !== undefined && sep?.includes(':') && !VARIABLE_KEY.test(key ?? '') && PROSE_VALUE.test(value)) return m;
      const q = doubleQuoted !== undefined ? '"' : singleQuoted !== undefined ? "'" : '';
      return `${quote}${key}${quote}${sep}${q}${mark('secret')}${q}`;
    },
  },
  // The same inside JSON that a log line escaped: {\"password\":\"value\"}.
  {
    re: new RegExp(`(\\\\"${SECRET_KEY}\\\\"\\s{0,8}:\\s{0,8}\\\\")((?:[^"\\\\]|\\\\(?!"))*)(\\\\")`, 'gi'),
    replace: (m, before, value, after) => (value === '' || isRedacted(value ?? '') ? m : `${before}${mark('secret')}${after}`),
  },
  // Email addresses (the domain is checked in code: a regex for it would backtrack).
  {
    re: /(?<![\w.%+-])[\w.%+-]{1,64}@[A-Za-z0-9.-]{1,253}/g,
    replace: (m) => {
      const at = m.indexOf('@');
      const domain = m.slice(at + 1).replace(/[.-]+$/, '');
      return EMAIL_DOMAIN.test(domain) ? `${mark('email')}${m.slice(at + 1 + domain.length)}` : m;
    },
  },
  // Long high-entropy tokens (AWS secret keys, base64 keys): mixed case AND digits, 32+ chars.
  // Kubernetes names are lowercase, container ids are hex, and `Kind/name` is a name.
  {
    re: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_=-])/g,
    replace: (m) => (looksRandom(m) ? mark('token') : m),
  },
];
