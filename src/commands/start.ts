import { Option, type Command } from 'commander';
import type { Role, SETTINGS as Settings, SettingName } from '../config.js';
import { describeCliError } from './describeCliError.js';

/** Exit code of a configuration error: the same as a usage error. */
const CONFIG_ERROR = 2;
/** SIGTERM to exit: Kubernetes waits 30 s by default, we promise 10. */
const STOP_DEADLINE_MS = 10_000;

/** Every setting with its default, for `start --help`. */
function settingsHelp({ SETTING_NAMES, SETTINGS }: { SETTING_NAMES: readonly SettingName[]; SETTINGS: typeof Settings }): string {
  const width = Math.max(...SETTING_NAMES.map((name) => name.length));
  const lines = SETTING_NAMES.map((name) => {
    const setting = SETTINGS[name];
    const fallback = 'default' in setting && setting.default !== '' ? ` (default: ${setting.default})` : '';
    return `  ${name.padEnd(width)}  ${setting.description}${fallback}`;
  });
  return `\nSettings (environment variables):\n${lines.join('\n')}\n`;
}

/** `DEBUG=1` asks for the stack of a failure as well as its one line. */
const stackIfDebug = (error: unknown): string =>
  process.env.DEBUG !== undefined && process.env.DEBUG !== '' && error instanceof Error ? `${String(error.stack)}\n` : '';

/** `k8s-diagnose start`: runs the bot (all roles, or one) until SIGTERM or SIGINT. */
export function registerStartCommand(program: Command): void {
  const role = new Option('--role <role>', 'the part of the bot to run').default('all');
  const start = program.command('start');
  // The settings schema (zod) loads only when `start` runs or shows its help, not for --version.
  program.hook('preSubcommand', async (_program, command) => {
    if (command !== start) return;
    const config = await import('../config.js');
    role.choices(config.ROLES);
    start.addHelpText('after', settingsHelp(config));
  });
  start
    .description('Run the bot: watcher, worker and Slack app in one process, or one role with --role')
    .addOption(role)
    .option('--env-file <file>', 'read settings from this file too (set variables win)')
    .action(async (options: { role: Role; envFile?: string }) => {
      const [{ ConfigError, readConfig }, { environmentWith }] = await Promise.all([import('../config.js'), import('./environmentWith.js')]);
      let config;
      try {
        config = readConfig(environmentWith(options.envFile), options.role);
      } catch (error) {
        const lines = error instanceof ConfigError ? error.problems : [describeCliError(error)];
        for (const line of lines) process.stderr.write(`k8s-diagnose: ${line}\n`);
        process.exitCode = CONFIG_ERROR;
        return;
      }
      // The bot's libraries (Bolt, BullMQ, client-node, openai) load only when it starts.
      const [{ createLogger }, { startBot }] = await Promise.all([import('../logger.js'), import('../run/startBot.js')]);
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
