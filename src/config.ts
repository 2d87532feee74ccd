import { z } from 'zod';

/** The roles `k8s-diagnose start` can run; `all` is every role in one process. */
export const ROLES = ['all', 'watcher', 'worker', 'slack'] as const;
export type Role = (typeof ROLES)[number];

const text = z.string().trim();
const optionalText = text.optional();
const integer = (min: number) => z.coerce.number().int().min(min);
const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
/** Comma-separated list; blanks dropped, so `a, b,` is `['a','b']`. */
const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);
const url = z.url();
/** `host:port` pairs, comma-separated (`[::1]:26379` for IPv6). */
const hostPorts = list.pipe(
  z.array(
    z
      .string()
      .regex(/^(?:\[[0-9a-fA-F:]+\]|[^\s:[\]]+):\d{1,5}$/, 'host:port, comma-separated')
      .transform((item) => {
        const at = item.lastIndexOf(':');
        return { host: item.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(item.slice(at + 1)) };
      }),
  ),
);

/**
 * One row per setting: its environment name, schema, default (as the user would type it) and
 * a one-line description. The zod schema, `--help` and the README's table are all derived from
 * this list, so they cannot drift apart.
 */
export const SETTINGS = {
  SLACK_BOT_TOKEN: { schema: optionalText, description: 'Slack bot token (xoxb-…); needed by the worker and slack roles' },
  SLACK_SIGNING_SECRET: { schema: optionalText, description: 'Slack signing secret; needed for HTTP events (no SLACK_APP_TOKEN)' },
  SLACK_APP_TOKEN: { schema: optionalText, description: 'App-level token (xapp-…): when set, Socket Mode instead of HTTP' },
  SLACK_OPS_CHANNEL: { schema: optionalText, description: 'Channel id or name where incidents are posted; needed by the worker role' },
  SLACK_API_URL: { schema: url.optional(), description: 'Slack Web API base URL (proxies, tests)', default: 'https://slack.com/api/' },
  SLACK_ROUTES: { schema: list, default: '', description: 'Routing rules `namespace-glob=channel` or `label:key=value=channel`, comma-separated; first match wins' },
  SLACK_ALLOWED_CHANNELS: { schema: list, default: '', description: 'Channels where /k8s-diagnose may be used (empty: any)' },
  RUNBOOK_URLS: { schema: list, default: '', description: 'Runbook link buttons `category-or-namespace-glob=url`, comma-separated, e.g. `OOMKilled=https://wiki/oom,prod-*=https://wiki/prod`; first match wins' },
  SLACK_ALLOWED_USERS: { schema: list, default: '', description: 'User ids (U…) or user-group ids (S…) allowed to run /k8s-diagnose, press the message buttons and ask questions in incident threads (empty: anyone)' },
  SLACK_LINK_HOSTS: { schema: list, default: '', description: 'Host globs (`grafana.example.com`, `*.internal`) that links in posted messages may point to, besides the hosts of RUNBOOK_URLS; a link to any other host is shown as plain, non-clickable text' },
  SLACK_FLOOD_THRESHOLD: { schema: integer(1), default: '20', description: 'More new incidents than this within 5 minutes (all workers) are posted as one summary with a Diagnose button per incident instead of one message each' },
  OPENAI_API_KEY: { schema: optionalText, description: 'LLM API key; without it every answer is rule-based' },
  OPENAI_BASE_URL: { schema: url.optional(), description: 'Any OpenAI-compatible endpoint (Azure OpenAI, Ollama, vLLM, LiteLLM)', default: 'https://api.openai.com/v1' },
  OPENAI_MODEL: { schema: text, default: 'gpt-4o-mini', description: 'Chat model' },
  OPENAI_TEMPERATURE: { schema: z.coerce.number().min(0).max(2), default: '0.2', description: 'Sampling temperature' },
  OPENAI_TIMEOUT_MS: { schema: integer(1000), default: '30000', description: 'Timeout of one LLM request' },
  OPENAI_MAX_RETRIES: { schema: integer(0), default: '3', description: 'Retries of a failed LLM request (429, 5xx, network) before the rule-based answer' },
  OPENAI_MAX_OUTPUT_TOKENS: { schema: integer(64), default: '900', description: 'Maximum tokens of one answer' },
  LLM_TOKEN_BUDGET: { schema: integer(500), default: '2000', description: 'Maximum prompt tokens; evidence is prioritised to fit' },
  LLM_CACHE_TTL_SECONDS: { schema: integer(0), default: '86400', description: 'How long an answer is reused for identical evidence (0: no cache)' },
  LLM_RATE_LIMIT_PER_MINUTE: { schema: integer(1), default: '30', description: 'LLM requests per minute across all workers (shared in Redis); a job over it waits delayed, while updates and resolutions go on' },
  LLM_INVESTIGATE: { schema: z.enum(['off', 'followups', 'all']), default: 'followups', description: 'Who may read the cluster through read-only tools before answering: `followups` (thread questions, Re-diagnose), `all` (first diagnoses too) or `off`' },
  LLM_MAX_TOOL_ROUNDS: { schema: integer(1).max(20), default: '6', description: 'Rounds of tool calls in one investigation before the model must answer' },
  LLM_INVESTIGATION_BUDGET: { schema: integer(4000), default: '12000', description: 'Prompt tokens of one investigation, all rounds together (at least 3 × LLM_TOKEN_BUDGET); one tool result gets at most an eighth' },
  ANONYMIZE_NAMES: { schema: boolean, default: 'false', description: 'Replace namespace, pod, node and image names with placeholders before the LLM sees them' },
  REDIS_URL: { schema: url, default: 'redis://127.0.0.1:6379', description: 'Redis for queues, dedup, threads and cache' },
  REDIS_SENTINELS: { schema: hostPorts, default: '', description: 'Redis through Sentinel: `host:port` of the sentinels, comma-separated (then REDIS_URL is not used); Redis Cluster is not supported' },
  REDIS_SENTINEL_NAME: { schema: text.min(1), default: 'mymaster', description: 'The master name the sentinels monitor' },
  REDIS_SENTINEL_PASSWORD: { schema: optionalText, description: "The sentinels' own password (`requirepass` of sentinel.conf)" },
  REDIS_PASSWORD: { schema: optionalText, description: 'Password of the Redis servers (with Sentinel; or instead of one in REDIS_URL)' },
  REDIS_PREFIX: { schema: text.min(1), default: 'kdb', description: 'Prefix of every Redis key and BullMQ queue' },
  KUBECONFIG: { schema: optionalText, description: 'Kubeconfig path; in a pod the service account is used' },
  KUBE_CONTEXT: { schema: optionalText, description: 'Kubeconfig context (default: the current one)' },
  CLUSTERS: { schema: optionalText, description: 'Several clusters: `name=context,...` (contexts of the one kubeconfig) or a folder of kubeconfig files (named after each file); the first is the default of /k8s-diagnose. Unset: CLUSTER_NAME from KUBECONFIG' },
  CLUSTER_NAME: { schema: text.min(1).regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"'), default: 'default', description: 'Name shown in messages and used in fingerprints' },
  BOT_LANGUAGE: { schema: z.enum(['en', 'ja']), default: 'en', description: 'Language of diagnoses and messages' },
  PORT: { schema: integer(1).max(65535), default: '3000', description: 'HTTP port: /slack/events, /metrics, /healthz, /readyz' },
  WATCH_NAMESPACES: { schema: list, default: '*', description: 'Namespaces to watch (globs)' },
  EXCLUDE_NAMESPACES: { schema: list, default: '', description: 'Namespaces never watched (globs), e.g. `kube-system`' },
  ALLOWED_NAMESPACES: { schema: list, default: '*', description: 'Namespaces that /k8s-diagnose and follow-ups may read (globs)' },
  WATCH_LABEL_SELECTOR: { schema: optionalText, description: 'Label selector for watched pods' },
  WATCH_DEBOUNCE_MS: { schema: integer(0), default: '250', description: 'Changes are batched this long before one analysis: a storm of events costs one analysis per namespace' },
  INCIDENT_COOLDOWN_SECONDS: { schema: integer(1), default: '3600', description: 'A repeat within this window updates the incident instead of posting again' },
  UPDATE_INTERVAL_SECONDS: { schema: integer(1), default: '300', description: 'At most one update per incident in this interval: its counts in the message and a "still failing" note in its thread' },
  RESOLVE_AFTER_SECONDS: { schema: integer(1), default: '300', description: 'Healthy this long means resolved' },
  PENDING_THRESHOLD_SECONDS: { schema: integer(0), default: '60', description: 'An unschedulable pod, a pending PVC, a Service without endpoints or an HPA without metrics is a failure after this long (watcher and analyze)' },
  STARTUP_GRACE_SECONDS: { schema: integer(0), default: '60', description: 'Image pull errors of a younger pod are not failures yet' },
  CRASHLOOP_MIN_RESTARTS: { schema: integer(1), default: '2', description: 'Restarts before a crash loop is reported' },
  REPORT_EXISTING_ON_START: { schema: boolean, default: 'true', description: 'Report failures already present when the watcher starts (once)' },
  JOB_STALL_SECONDS: { schema: integer(1), default: '30', description: 'A job whose worker died is handed to another worker after this long' },
  WORKER_CONCURRENCY: { schema: integer(1), default: '4', description: 'Jobs one worker process handles at once' },
  LOG_TAIL_LINES: { schema: integer(0), default: '50', description: 'Log lines read from a crashed container' },
  ALERTMANAGER_TOKEN: { schema: optionalText, description: 'Bearer token Alertmanager sends to `POST /alertmanager` (served by the slack role); unset: the route is off (404)' },
  ALERTMANAGER_IGNORE: { schema: list, default: 'Watchdog,InfoInhibitor', description: 'Alert names (globs) the Alertmanager receiver drops' },
  LOG_LEVEL: { schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']), default: 'info', description: 'pino log level' },
} satisfies Record<string, { schema: z.ZodType; description: string; default?: string }>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

type Setting = (typeof SETTINGS)[SettingName];
type SettingOutput<S extends Setting> = z.output<S['schema']>;
export type Config = { [K in SettingName]: SettingOutput<(typeof SETTINGS)[K]> };

/** A setting that is missing or malformed, with the name a user has to fix. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Settings a role cannot run without. */
const REQUIRED_BY_ROLE: Record<Role, SettingName[]> = {
  all: ['SLACK_BOT_TOKEN', 'SLACK_OPS_CHANNEL'],
  watcher: [],
  worker: ['SLACK_BOT_TOKEN', 'SLACK_OPS_CHANNEL'],
  slack: ['SLACK_BOT_TOKEN'],
};

/**
 * Reads and validates every setting from the environment: a pure function of `env`. Throws a
 * `ConfigError` with one line per bad or missing setting.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, role: Role = 'all'): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const setting: Setting = SETTINGS[name];
    const raw = env[name] === '' ? undefined : env[name];
    const value = raw ?? ('default' in setting ? setting.default : undefined);
    const parsed = setting.schema.safeParse(value);
    if (parsed.success) config[name] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((issue) => issue.message).join('; ')} (got ${JSON.stringify(raw)})`);
  }
  for (const name of REQUIRED_BY_ROLE[role]) {
    if (config[name] === undefined) problems.push(`${name}: required for --role ${role}`);
  }
  const usesHttpEvents = role === 'all' || role === 'slack';
  if (usesHttpEvents && config.SLACK_APP_TOKEN === undefined && config.SLACK_SIGNING_SECRET === undefined) {
    problems.push('SLACK_SIGNING_SECRET: required for HTTP events (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  // A tool round and the answer each send the whole first prompt again: an investigation needs room for both and more.
  const tokenBudget = config.LLM_TOKEN_BUDGET as number | undefined;
  const investigationBudget = config.LLM_INVESTIGATION_BUDGET as number | undefined;
  if (config.LLM_INVESTIGATE !== 'off' && tokenBudget !== undefined && investigationBudget !== undefined && investigationBudget < 3 * tokenBudget) {
    problems.push(`LLM_INVESTIGATION_BUDGET: at least 3 × LLM_TOKEN_BUDGET (${3 * tokenBudget}), or LLM_INVESTIGATE=off (got ${investigationBudget})`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as Config;
}

/** Markdown table of every setting, for the README (`npm run docs:config` writes it there). */
export function settingsTable(): string {
  const rows = SETTING_NAMES.map((name) => {
    const setting: Setting = SETTINGS[name];
    const fallback = 'default' in setting && setting.default !== '' ? `\`${setting.default}\`` : '';
    return `| \`${name}\` | ${fallback} | ${setting.description} |`;
  });
  return ['| setting | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
