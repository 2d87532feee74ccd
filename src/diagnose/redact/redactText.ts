import { redactCommandLines } from './redactSecretArguments.js';
import { TEXT_RULES } from './textRules.js';

/**
 * Removes secrets from free text: private keys, credentials in URLs, headers and command lines,
 * JWTs, vendor API keys, `password=`-style values, emails and long random tokens. Idempotent,
 * and linear in the length of `text`. Used on everything that leaves the cluster (the LLM prompt,
 * Slack messages) and on everything the LLM answers.
 */
export function redactText(text: string): string {
  let out = text;
  for (const rule of TEXT_RULES) {
    out = out.replace(rule.re, rule.replace as (substring: string, ...args: string[]) => string);
  }
  return redactCommandLines(out);
}
