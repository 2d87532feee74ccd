import { redactArgv } from '../redact.js';

/**
 * Containers' command and args redacted as one argv wherever they appear (pods, templates): the
 * value after `--password` is a secret only in the context of the flag before it.
 */
export function redactCommands(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(redactCommands);
  if (!node || typeof node !== 'object') return node;
  const record = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, redactCommands(value)]));
  const command = Array.isArray(record.command) ? (record.command as string[]) : [];
  const args = Array.isArray(record.args) ? (record.args as string[]) : [];
  if (command.length + args.length === 0 || ![...command, ...args].every((a) => typeof a === 'string')) return record;
  const argv = redactArgv([...command, ...args]);
  return { ...record, ...(command.length > 0 ? { command: argv.slice(0, command.length) } : {}), ...(args.length > 0 ? { args: argv.slice(command.length) } : {}) };
}
