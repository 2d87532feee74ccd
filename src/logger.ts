import { pino, type Logger } from 'pino';

export type { Logger };

/** The one root logger; everything else takes a child of it. JSON to stderr, so stdout stays clean for CLI output. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'kube-diagnose-bot' } }, pino.destination(2));
}
