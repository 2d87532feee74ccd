#!/usr/bin/env -S node --
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAnalyzeCommand } from './commands/registerAnalyzeCommand.js';
import { registerStartCommand } from './commands/start.js';
import { exitQuietlyOnClosedStdout } from './exitQuietlyOnClosedStdout.js';

/** Commander's own exits (help, version) are successes; any other usage error exits 2. */
const USAGE_ERROR = 2;

/** package.json sits one level above both src/cli.ts and dist/cli.js. */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** The `k8s-diagnose` program: one `registerXCommand` per subcommand, nothing else here. */
export function createProgram(): Command {
  const program = new Command('k8s-diagnose')
    .description('Diagnose Kubernetes failures: where, what, why, how to debug, how to fix')
    .version(packageVersion())
    .exitOverride();
  const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
  registerAnalyzeCommand(program, io);
  registerStartCommand(program);
  return program;
}

exitQuietlyOnClosedStdout();

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : USAGE_ERROR;
  } else {
    // Commands report expected failures themselves; this is a bug, still said in one line.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`k8s-diagnose: unexpected error: ${message.split('\n', 1)[0] ?? ''}${process.env.DEBUG !== undefined ? `\n${String((error as Error).stack)}` : ' (set DEBUG=1 for details)'}\n`);
    process.exitCode = 1;
  }
}
