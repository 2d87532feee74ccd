import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { Option, type Command } from 'commander';
import { ConfigError, readConfig, ROLES, SETTING_NAMES, SETTINGS, type Role } from '../config.js';
import { createLogger } from '../logger.js';
import { startBot } from '../run/startBot.js';
import { describeCliError } from './describeCliError.js';

/** Exit code of a configuration error: the same as a usage error. */
const CONFIG_ERROR = 2;
/** SIGTERM to exit: Kubernetes waits 30 s by default, we promise 10. */
const STOP_DEADLINE_MS = 10_000;

/** Every setting with its default, for `start --help`. */
function settingsHelp(): string {
  const width = Math.max(...SETTING_NAMES.map((name) => name.length));
  const lines = SETTING_NAMES.map((name) => {
    const setting = SETTINGS[name];
    const fallback = 'default' in setting && setting.default !== '' ? ` (default: ${setting.default})` : '';
    return `  ${name.padEnd(width)}  ${setting.description}${fallback}`;
  });
  return `\nSettings (environment variables):\n${lines.join('\n')}\n`;
}

/**
 * The environment with an env file's values under it: variables already set win, like Compose;
 * an empty variable counts as unset (as in `readConfig`), so it does not hide the file's value.
 * A missing file, or a value that starts with `#` (read as a comment, so empty), is a ConfigError.
 */
function environmentWith(envFile: string | undefined): NodeJS.ProcessEnv {
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

/** `DEBUG=1` asks for the stack of a failure as well as its one line. */
const stackIfDebug = (error: unknown): string =>
  process.env.DEBUG !== undefined && process.env.DEBUG !== '' && error instanceof Error ? `${String(error.stack)}\n` : '';

/** `k8s-diagnose start`: runs the bot (all roles, or one) until SIGTERM or SIGINT. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Run the bot: watcher, worker and Slack app in one process, or one role with --role')
    .addOption(new Option('--role <role>', 'the part of the bot to run').choices(ROLES).default('all'))
    .option('--env-file <file>', 'read settings from this file too (set variables win)')
    .addHelpText('after', settingsHelp())
    .action(async (options: { role: Role; envFile?: string }) => {
      let config;
      try {
        config = readConfig(environmentWith(options.envFile), options.role);
      } catch (error) {
        const lines = error instanceof ConfigError ? error.problems : [describeCliError(error)];
        for (const line of lines) process.stderr.write(`k8s-diagnose: ${line}\n`);
        process.exitCode = CONFIG_ERROR;
        return;
      }
      const logger = createLogger(config.LOG_LEVEL);
      let bot;
      try {
        bot = await startBot({ config, role: options.role, logger });
      } catch (error) {
        // One line naming the cause and the setting; the stack only when asked for.
        process.stderr.write(`k8s-diagnose: cannot start: ${describeCliError(error)}\n${stackIfDebug(error)}`);
        process.exitCode = 1;
        return;
      }
      const running = bot;
      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping');
        // A job that cannot finish in time stays in Redis and is picked up after the stall interval.
        const deadline = setTimeout(() => {
          logger.warn('stop deadline passed; exiting with work left in Redis');
          process.exit(1);
        }, STOP_DEADLINE_MS);
        deadline.unref();
        void running.stop().then(() => {
          logger.info('stopped');
          clearTimeout(deadline);
          process.exit(0);
        });
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
}
