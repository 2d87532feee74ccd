import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trackChild } from '../helpers/childProcesses.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Longest run of one CLI command on a loaded 2-core machine; then it is killed. */
const CLI_TIMEOUT_MS = 60_000;

/**
 * Runs `k8s-diagnose` as a real process, as a user would: from source (tsx), or with `built` the
 * compiled dist/cli.js (`npm test` builds first), which starts several times faster.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { built?: boolean } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      // `--` ends Node's own options: Node would otherwise read our `--env-file` itself.
      options.built === true ? ['--', 'dist/cli.js', ...args] : ['--import', 'tsx', '--', 'src/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env }, maxBuffer: 64 * 1024 * 1024, timeout: CLI_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
    trackChild(child);
  });
}

/** An in-memory stdout/stderr pair for calling a command in-process. */
export function bufferIo(env: NodeJS.ProcessEnv = {}, isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (text: string) => out.push(text), isTTY },
      stderr: { write: (text: string) => err.push(text) },
      env,
      now: () => new Date('2023-03-22T07:00:00Z'),
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
