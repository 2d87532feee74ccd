import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../logger.js';

const LEVELS: readonly string[] = Object.values(LogLevel);

/**
 * Our pino logger behind Bolt's and the WebClient's `Logger` interface, so Slack's own lines
 * (rate limits, retries, receiver errors) land in the same JSON log. Bolt passes several
 * arguments per line; they are joined into one message. `setLevel` and `setName` are no-ops:
 * Bolt and the WebClient call them on a logger they share, and LOG_LEVEL decides our level.
 */
export function toBoltLogger(logger: Logger): BoltLogger {
  const line = (args: unknown[]): string =>
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug(line(msg)),
    info: (...msg: unknown[]) => logger.info(line(msg)),
    warn: (...msg: unknown[]) => logger.warn(line(msg)),
    error: (...msg: unknown[]) => logger.error(line(msg)),
    setLevel: () => undefined,
    getLevel: () => boltLogLevel(logger),
    setName: () => undefined,
  };
}

/** Bolt's level nearest to the logger's (pino's trace is debug, fatal is error). */
export function boltLogLevel(logger: Logger): LogLevel {
  if (LEVELS.includes(logger.level)) return logger.level as LogLevel;
  return logger.level === 'trace' ? LogLevel.DEBUG : logger.level === 'fatal' ? LogLevel.ERROR : LogLevel.INFO;
}
