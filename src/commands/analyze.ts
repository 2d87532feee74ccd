import { Option, type Command } from 'commander';
import { analyze } from '../analyze/analyze.js';
import { detectionThresholds, type DetectionThresholds } from '../analyze/detectionThresholds.js';
import { isPastGracePeriod } from '../analyze/isPastGracePeriod.js';
import { loadDumpFiles } from '../analyze/loadDumpFiles.js';
import { snapshotTime } from '../analyze/snapshotTime.js';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import { ConfigError, readConfig } from '../config.js';
import { explainWithRules } from '../diagnose/rules/explainWithRules.js';
import type { DiagnosisResult, Language } from '../diagnose/types.js';
import { loadKubeConfig } from '../kube/loadKubeConfig.js';
import { createLogReader } from '../kube/podLogs.js';
import { readClusterSnapshot } from '../kube/readClusterSnapshot.js';
import type { LogReader } from '../kube/types.js';
import { createLogger, type Logger } from '../logger.js';
import { renderFindingMarkdown } from '../render/renderFindingMarkdown.js';
import { renderFindingsJson } from '../render/renderFindingsJson.js';
import { renderFindingText } from '../render/renderFindingText.js';
import { createLlmExplainer, type LlmExplainer } from './createLlmExplainer.js';
import { describeCliError } from './describeCliError.js';

export const OUTPUTS = ['text', 'json', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUTS)[number];
export const LANGUAGES = ['en', 'ja'] as const;

/** Parsed options of `k8s-diagnose analyze`. */
export interface AnalyzeCommandOptions {
  file?: string[];
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  output: OutputFormat;
  language: Language;
  /** Ask the LLM (`OPENAI_*` settings) instead of the rules. */
  explain?: boolean;
  /** commander's `--no-cache`: false skips the answer cache. */
  cache?: boolean;
}

/** Where the command reads and writes; the real process by default, buffers in tests. */
export interface AnalyzeIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** The clock for live analyses; a dump is judged as of its newest timestamp. */
  now?: () => Date;
  /** Writes the five-part diagnosis of a finding; default: the rule-based one. */
  explain?: (finding: Finding, language: Language) => Promise<DiagnosisResult>;
}

/** The rule-based diagnosis: what `analyze` shows when no LLM is asked. */
export function explainByRules(finding: Finding, language: Language): Promise<DiagnosisResult> {
  return Promise.resolve({ diagnosis: explainWithRules(finding, language), source: { kind: 'rules', reason: 'no-llm' } });
}

/** Skipped-object warnings printed before the analysis; the rest are summarised in one line. */
const MAX_WARNINGS = 5;

function warnAll(io: AnalyzeIo, warnings: string[]): void {
  for (const line of warnings.slice(0, MAX_WARNINGS)) io.stderr.write(`warning: ${line}\n`);
  if (warnings.length > MAX_WARNINGS) io.stderr.write(`warning: … and ${warnings.length - MAX_WARNINGS} more\n`);
}

async function readLive(options: AnalyzeCommandOptions, io: AnalyzeIo): Promise<{ snapshot: ClusterSnapshot; logs: LogReader }> {
  const kc = loadKubeConfig({ env: io.env, ...(options.context !== undefined ? { context: options.context } : {}) });
  // Like kubectl: -n, else -A for every namespace, else the context's namespace.
  const contextNamespace = kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  const namespace = options.namespace ?? (options.allNamespaces === true ? undefined : contextNamespace);
  const warn = ((_fields: unknown, message?: string) => {
    io.stderr.write(`warning: ${message ?? ''}\n`);
  }) as Logger['warn'];
  const snapshot = await readClusterSnapshot(kc, { ...(namespace !== undefined ? { namespace } : {}), logger: { warn } });
  return { snapshot, logs: createLogReader(kc) };
}

type Explain = NonNullable<AnalyzeIo['explain']>;

async function render(findings: Finding[], options: AnalyzeCommandOptions, explain: Explain, io: AnalyzeIo, objects: number): Promise<string> {
  if (options.output === 'json') return renderFindingsJson(findings);
  if (findings.length === 0) return `No failures found (${objects} objects analysed).`;
  const blocks: string[] = [];
  // One at a time: an LLM explainer has its own rate limit, and the order must stay stable.
  for (const finding of findings) {
    const result = await explain(finding, options.language);
    blocks.push(
      options.output === 'markdown'
        ? renderFindingMarkdown(finding, result, options.language)
        : renderFindingText(finding, result, { language: options.language, color: io.stdout.isTTY === true }),
    );
  }
  return blocks.join('\n\n');
}

/**
 * Runs one analysis and prints it. Resolves to the exit code: 0 whenever the analysis ran
 * (whatever it found), 1 with one line on stderr when there was nothing to analyse.
 */
export async function runAnalyze(options: AnalyzeCommandOptions, io: AnalyzeIo): Promise<number> {
  let snapshot: ClusterSnapshot;
  let logs: LogReader | undefined;
  const clock = io.now ?? (() => new Date());
  let now: Date;
  try {
    if (options.file !== undefined && options.file.length > 0) {
      const loaded = await loadDumpFiles(options.file);
      warnAll(io, loaded.warnings);
      snapshot = loaded.snapshot;
      // A dump is judged as of when it was taken, not as of today.
      now = snapshotTime(snapshot) ?? clock();
    } else {
      ({ snapshot, logs } = await readLive(options, io));
      now = clock();
    }
  } catch (error) {
    io.stderr.write(`k8s-diagnose analyze: ${describeCliError(error)}\n`);
    return 1;
  }
  let thresholds: DetectionThresholds;
  try {
    // The bot's own settings: the CLI reports exactly what the watcher would.
    thresholds = detectionThresholds(readConfig(io.env, 'watcher'));
  } catch (error) {
    const lines = error instanceof ConfigError ? error.problems : [describeCliError(error)];
    for (const line of lines) io.stderr.write(`k8s-diagnose analyze: ${line}\n`);
    return 2;
  }
  const all = analyze(snapshot, { now }).filter((f) => isPastGracePeriod(f, snapshot, now.getTime(), thresholds));
  // A dump holds every namespace; -n narrows it the way it narrows the live read.
  const ns = options.file !== undefined ? options.namespace : undefined;
  const findings = ns === undefined ? all : all.filter((f) => f.namespace === ns || f.namespace === '');
  const objects = Object.values(snapshot).reduce((n: number, list: unknown[]) => n + list.length, 0);
  let explainer: LlmExplainer | undefined;
  if (options.explain === true && options.output !== 'json') {
    try {
      explainer = llmExplainer(options, io, snapshot, logs, now);
    } catch (error) {
      const lines = error instanceof ConfigError ? error.problems : [describeCliError(error)];
      for (const line of lines) io.stderr.write(`k8s-diagnose analyze: ${line}\n`);
      return 2;
    }
  }
  try {
    const explain = explainer?.explain ?? io.explain ?? explainByRules;
    io.stdout.write(`${await render(findings, options, explain, io, objects)}\n`);
  } finally {
    await explainer?.close();
  }
  return 0;
}

/** The LLM explainer of `--explain`, configured from the same settings as the bot. */
function llmExplainer(options: AnalyzeCommandOptions, io: AnalyzeIo, snapshot: ClusterSnapshot, logs: LogReader | undefined, now: Date): LlmExplainer {
  const config = readConfig(io.env, 'watcher');
  if (config.OPENAI_API_KEY === undefined) io.stderr.write('note: OPENAI_API_KEY is not set: the explanations are rule-based\n');
  return createLlmExplainer({
    config,
    snapshot,
    ...(logs === undefined ? {} : { logs }),
    // Only an explicitly configured Redis: a laptop without one should not wait for it.
    cache: options.cache !== false && io.env.REDIS_URL !== undefined,
    now: () => now.getTime(),
    // The output already says when the rules stood in for the LLM; logs only when asked for.
    logger: createLogger(io.env.LOG_LEVEL === undefined ? 'error' : config.LOG_LEVEL),
  });
}

function defaultLanguage(env: NodeJS.ProcessEnv): Language {
  return env.BOT_LANGUAGE === 'ja' ? 'ja' : 'en';
}

/** Adds `analyze` to the program; the action stores its exit code in `process.exitCode`. */
export function registerAnalyzeCommand(program: Command, io: AnalyzeIo): Command {
  return program
    .command('analyze')
    .description('diagnose failures once, in a saved dump (--file) or the live cluster, without AI')
    .option('-f, --file <files...>', 'dump of kubectl get ... -o json (or -o yaml, or a JSON array); - reads stdin')
    .option('--context <name>', 'kubeconfig context (live cluster)')
    .option('-n, --namespace <namespace>', 'only this namespace')
    .option('-A, --all-namespaces', 'every namespace (live cluster)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUTS).default('text'))
    .option('--explain', 'explain each finding with the LLM (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL); rule-based without a key')
    .option('--no-cache', 'with --explain: do not reuse cached answers (the cache is used when REDIS_URL is set)')
    .addOption(new Option('--language <language>', 'language of the explanations (env BOT_LANGUAGE)').choices(LANGUAGES).default(defaultLanguage(io.env)))
    .action(async (options: AnalyzeCommandOptions) => {
      process.exitCode = await runAnalyze(options, io);
    });
}
