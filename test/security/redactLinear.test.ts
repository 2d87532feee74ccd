import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactLines, redactText } from '../../src/diagnose/redact.js';
import { hostileInputs, msPer100KB } from './redactionInputs.js';

/** The figure; the rules take about a tenth of it on an idle machine. */
const LIMIT_MS_PER_100KB = 50;

describe('redaction time', () => {
  it('is linear on 96 KB of each input that froze the bot: a base64url token, hex, one letter, word repeats', () => {
    for (const [name, text] of Object.entries(hostileInputs(96 * 1024))) {
      expect({ name, ms: msPer100KB(redactText, text) < LIMIT_MS_PER_100KB }).toEqual({ name, ms: true });
    }
  });

  it('stays under 50 ms per 100 KB for long random tokens over any alphabet (property)', () => {
    const alphabet = fc.constantFrom(
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_',
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=',
      '0123456789abcdef',
      'a',
      'aA1-_./+=:@',
      'password=secret token: Bearer -p',
    );
    fc.assert(
      fc.property(alphabet, fc.integer({ min: 20_000, max: 120_000 }), fc.integer(), (chars, length, seed) => {
        let state = seed >>> 0;
        let text = '';
        for (let i = 0; i < length; i += 1) {
          state = (state * 1_103_515_245 + 12_345) >>> 0;
          text += chars.charAt(state % chars.length);
        }
        return msPer100KB(redactText, text) < LIMIT_MS_PER_100KB;
      }),
      { numRuns: 25 },
    );
  });

  it('cuts a 96 KB line to 2,000 characters before matching', () => {
    const [line] = redactLines([`starting ${'x'.repeat(96 * 1024)}`]);
    expect(line).toBe(`starting ${'x'.repeat(1991)}… ${96 * 1024 - 1991} more chars`);
  });
});
