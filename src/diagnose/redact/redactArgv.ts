import { redactSecretArguments } from './redactSecretArguments.js';
import { redactText } from './redactText.js';

/**
 * A command or args array (container spec, exec probe) with every secret removed: whatever
 * `redactText` finds in each argument, then the argument after a credential flag.
 */
export function redactArgv(argv: readonly string[]): string[] {
  return redactSecretArguments(argv.map(redactText), { argv: true });
}
