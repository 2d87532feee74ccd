import { redactSecretArguments } from './redactSecretArguments.js';
import { redactText } from './redactText.js';

/**
 * A command or args array (container spec, exec probe) with every secret removed: whatever
 * `redactText` finds in each argument, then the argument after a credential flag.
 */
export function redactArgv(argv: readonly string[]): string[] {
  return redactSecretArguments(argv.map(redactText), { argv: true });
}

const isArgv = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * A container's (or exec probe's) `command` and `args` redacted as ONE argv, since a flag at the
 * end of `command` names a secret at the start of `args`. Returns only the fields present.
 */
export function redactCommandAndArgs(container: { command?: unknown; args?: unknown }): { command?: string[]; args?: string[] } {
  const command = isArgv(container.command) ? container.command : [];
  const args = isArgv(container.args) ? container.args : [];
  if (command.length + args.length === 0) return {};
  const argv = redactArgv([...command, ...args]);
  return { ...(command.length > 0 ? { command: argv.slice(0, command.length) } : {}), ...(args.length > 0 ? { args: argv.slice(command.length) } : {}) };
}
