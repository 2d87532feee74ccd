import { Option, type Command } from 'commander';
import type { Language } from '../diagnose/types.js';
import type { AnalyzeCommandOptions, AnalyzeIo } from './analyze.js';

export const OUTPUTS = ['text', 'json', 'markdown'] as const;
export const LANGUAGES = ['en', 'ja'] as const;

/** `BOT_LANGUAGE` as given (`runAnalyze` refuses one it does not know), else `en`. */
function defaultLanguage(env: NodeJS.ProcessEnv): Language {
  return (env.BOT_LANGUAGE === undefined || env.BOT_LANGUAGE === '' ? 'en' : env.BOT_LANGUAGE) as Language;
}

/** Adds `analyze` to the program; the action stores its exit code in `process.exitCode`. */
export function registerAnalyzeCommand(program: Command, io: AnalyzeIo): Command {
  return program
    .command('analyze')
    .description('diagnose failures once, in a saved dump (--file) or the live cluster: rule-based, or with the LLM (--explain)')
    .option('-f, --file <files...>', 'dump of kubectl get ... -o json (or -o yaml, or a JSON array); - reads stdin')
    .option('--context <name>', 'kubeconfig context (live cluster)')
    .option('-n, --namespace <namespace>', 'only this namespace')
    .option('-A, --all-namespaces', 'every namespace (live cluster)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUTS).default('text'))
    .option('--explain', 'explain each finding with the LLM (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL); rule-based without a key')
    .option('--no-cache', 'with --explain: do not reuse cached answers (the cache is used when REDIS_URL is set)')
    .addOption(new Option('--language <language>', 'language of the explanations (env BOT_LANGUAGE)').choices(LANGUAGES).default(defaultLanguage(io.env)))
    .option('--show-secrets', 'print evidence as it is: by default the output is redacted, like everything the bot sends')
    .action(async (options: AnalyzeCommandOptions) => {
      // The analysis and its libraries load only when the command runs, not for --help or --version.
      const { runAnalyze } = await import('./analyze.js');
      process.exitCode = await runAnalyze(options, io);
    });
}
