import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';

/** Counts tokens the way the model's tokenizer does. */
export interface Tokenizer {
  readonly encoding: 'o200k_base' | 'cl100k_base';
  count(text: string): number;
}

const cache = new Map<string, Tokenizer>();

/** gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4 use o200k_base; gpt-4, gpt-3.5 and unknown models cl100k_base. */
export function encodingFor(model: string): Tokenizer['encoding'] {
  return /^(?:gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d|chatgpt-4o|gpt-oss)/i.test(model.replace(/^.*\//, ''))
    ? 'o200k_base'
    : 'cl100k_base';
}

/** The tokenizer of `model`'s family; encoders are built once per process (they are large). */
export function tokenizerFor(model: string): Tokenizer {
  const encoding = encodingFor(model);
  let tokenizer = cache.get(encoding);
  if (!tokenizer) {
    const tiktoken = new Tiktoken(encoding === 'o200k_base' ? o200k : cl100k);
    tokenizer = { encoding, count: (text) => tiktoken.encode(text).length };
    cache.set(encoding, tokenizer);
  }
  return tokenizer;
}

/** Chat formatting costs a few tokens per message and for the reply's priming (OpenAI's cookbook figures). */
export function countChatTokens(tokenizer: Tokenizer, messages: readonly { content: string }[]): number {
  return messages.reduce((sum, message) => sum + 4 + tokenizer.count(message.content), 3);
}
