import { redactCommandAndArgs } from '../redact.js';

/**
 * Every container's command and args redacted as one argv wherever they appear (pods, templates),
 * and nothing else: the rollout history still compares env values, which `redactObject` would hide.
 */
export function redactCommands(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(redactCommands);
  if (!node || typeof node !== 'object') return node;
  const record = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, redactCommands(value)]));
  return { ...record, ...redactCommandAndArgs(record) };
}
