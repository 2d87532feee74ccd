import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SETTING_NAMES } from '../../src/config.js';
import { killAllChildren, killAndWait, trackChild } from '../helpers/childProcesses.js';

/** The built CLI, as a user runs it; `npm test` builds first (pretest). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** How long a bot may take to print its start line on a loaded 2-core machine. */
export const START_TIMEOUT_MS = 60_000;

/** Kills every bot process still running (SIGKILL), also one that never started: call it in afterEach/afterAll. */
export const stopAllBots = killAllChildren;

/** A bot process started with `node dist/cli.js start`. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything it printed (pino JSON lines on stderr, anything on stdout). */
  output(): string;
  /** Resolves when a printed line matches, rejects when the process exits first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends `signal` and resolves with how it ended and how long it took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** A TCP port free right now on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `check` until it returns a value other than undefined/false. */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts the real bot process with exactly `env` as its settings (the test runner's own
 * settings are removed, so nothing leaks in), and waits until it says it started. A bot that
 * does not start in time is killed before the error is thrown; `stopAllBots` kills the rest.
 */
export async function spawnBot(env: Record<string, string>, args: string[] = [], options: { startTimeoutMs?: number } = {}): Promise<BotProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does it first)`);
  const settings = new Set<string>(SETTING_NAMES);
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !settings.has(name)));
  // `--` ends Node's own options, so that `--env-file` reaches the bot, as with the installed bin.
  const child = spawn(process.execPath, ['--', CLI, 'start', ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const wake of waiters) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitForLine = (pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms:\n${text.slice(-3000)}`)), timeoutMs);
      const check = (): void => {
        const line = text.split('\n').find((candidate) => pattern.test(candidate));
        if (line !== undefined) finish(undefined, line);
      };
      const finish = (error?: Error, line?: string): void => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve(line ?? '');
      };
      void exited.then(() => {
        check();
        finish(new Error(`the bot exited (code ${String(child.exitCode)}) before printing ${String(pattern)}:\n${text.slice(-3000)}`));
      });
      waiters.add(check);
      check();
    });

  const bot: BotProcess = {
    child,
    output: () => text,
    waitForLine,
    async stop(signal = 'SIGTERM') {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      return { code: child.exitCode, signal: child.signalCode, ms: Date.now() - started };
    },
  };
  try {
    await waitForLine(/kube-diagnose-bot started/, options.startTimeoutMs ?? START_TIMEOUT_MS);
  } catch (error) {
    await killAndWait(child);
    throw error;
  }
  return bot;
}
