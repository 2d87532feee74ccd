import { analyze } from '../analyze/analyze.js';
import { detectionThresholds, type DetectionThresholds } from '../analyze/detectionThresholds.js';
import { isPastGracePeriod } from '../analyze/isPastGracePeriod.js';
import { loadDumpFiles } from '../analyze/loadDumpFiles.js';
import { snapshotTime } from '../analyze/snapshotTime.js';
import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import { explainWithRules } from '../diagnose/rules/explainWithRules.js';
import type { DiagnosisResult, Language } from '../diagnose/types.js';
import type { LogReader } from '../kube/types.js';
import type { Logger } from '../logger.js';
import { renderFindingMarkdown } from '../render/renderFindingMarkdown.js';
import { renderFindingsJson } from '../render/renderFindingsJson.js';
import { renderFindingText } from '../render/renderFindingText.js';
import type { LlmExplainer } from './createLlmExplainer.js';
import { describeCliError } from './describeCliError.js';

import { headings } from '../diagnose/headings.js';
import { redactObject } from '../diagnose/redact.js';
import { LANGUAGES, type OUTPUTS } from './registerAnalyzeCommand.js';

export type OutputFormat = (typeof OUTPUTS)[number];

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
  /** Print evidence unredacted (your own terminal); redacted by default, as people paste it into tickets. */
  showSecrets?: boolean;
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
  // client-node takes longer to load than the rest of the CLI: only a live read pays for it.
  const [{ loadKubeConfig }, { createLogReader }, { readClusterSnapshot }] = await Promise.all([
    import('../kube/loadKubeConfig.js'),
    import('../kube/podLogs.js'),
    import('../kube/readClusterSnapshot.js'),
  ]);
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

async function render(findings: Finding[], options: AnalyzeCommandOptions, explain: Explain | undefined, io: AnalyzeIo, objects: number): Promise<string> {
  const shown = <T>(value: T): T => (options.showSecrets === true ? value : redactObject(value));
  if (options.output === 'json' && explain === undefined) return renderFindingsJson(shown(findings));
  if (options.output !== 'json' && findings.length === 0) return headings(options.language).noFailures(objects);
  const results: DiagnosisResult[] = [];
  // One at a time: an LLM explainer has its own rate limit, and the order must stay stable.
  for (const finding of findings) results.push(shown(await (explain ?? explainByRules)(finding, options.language)));
  if (options.output === 'json') return renderFindingsJson(shown(findings), results);
  const blocks: string[] = [];
  for (const [at, raw] of findings.entries()) {
    const finding = shown(raw);
    const result = results[at] as DiagnosisResult;
    blocks.push(
      options.output === 'markdown'
        ? renderFindingMarkdown(finding, result, options.language)
        : renderFindingText(finding, result, { language: options.language, color: io.stdout.isTTY === true }),
    );
  }
  return blocks.join('\n\n');
}

/** Options that contradict each other or the environment: usage errors (exit 2), as `start` treats them. */
function usageProblems(options: AnalyzeCommandOptions): string[] {
  const problems: string[] = [];
  const fromFile = options.file !== undefined && options.file.length > 0;
  if (fromFile && options.context !== undefined) problems.push('--context reads a live cluster; it cannot be used with --file');
  if (fromFile && options.allNamespaces === true) problems.push('-A reads every namespace of a live cluster; a dump already holds what it holds (use -n to narrow it)');
  if (!(LANGUAGES as readonly string[]).includes(options.language)) {
    problems.push(`BOT_LANGUAGE: must be one of ${LANGUAGES.join(', ')} (got ${JSON.stringify(options.language)})`);
  }
  return problems;
}

/**
 * Runs one analysis and prints it. Resolves to the exit code: 0 whenever the analysis ran
 * (whatever it found), 1 with one line on stderr when there was nothing to analyse.
 */
export async function runAnalyze(options: AnalyzeCommandOptions, io: AnalyzeIo): Promise<number> {
  const misuse = usageProblems(options);
  if (misuse.length > 0) {
    for (const line of misuse) io.stderr.write(`k8s-diagnose analyze: ${line}\n`);
    return 2;
  }
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
  const { readConfig, ConfigError } = await import('../config.js');
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
  if (options.explain === true) {
    try {
      explainer = await llmExplainer(options, io, snapshot, logs, now);
    } catch (error) {
      const lines = error instanceof ConfigError ? error.problems : [describeCliError(error)];
      for (const line of lines) io.stderr.write(`k8s-diagnose analyze: ${line}\n`);
      return 2;
    }
  }
  try {
    // JSON carries diagnoses only when asked for (--explain): the plain contract stays the findings.
    const explain = explainer?.explain ?? io.explain ?? (options.output === 'json' ? undefined : explainByRules);
    io.stdout.write(`${await render(findings, options, explain, io, objects)}\n`);
  } finally {
    await explainer?.close();
  }
  return 0;
}

/** The LLM explainer of `--explain`, configured from the same settings as the bot. */
async function llmExplainer(options: AnalyzeCommandOptions, io: AnalyzeIo, snapshot: ClusterSnapshot, logs: LogReader | undefined, now: Date): Promise<LlmExplainer> {
  // The LLM, Redis and tokenizer libraries load only for --explain.
  const [{ readConfig }, { createLogger }, { createLlmExplainer }] = await Promise.all([
    import('../config.js'),
    import('../logger.js'),
    import('./createLlmExplainer.js'),
  ]);
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
