import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { collectEvidence } from '../../src/diagnose/collectEvidence.js';
import { redactLines, redactText } from '../../src/diagnose/redact.js';
import { NOW, PODS, caseA, logsFrom } from '../diagnose/seedCases.js';
import { hostileInputs, msPer100KB } from './redactionInputs.js';

/** The figure; the rules take about a tenth of it on an idle machine. */
const LIMIT_MS_PER_100KB = 50;

describe('redaction time', () => {
  it('takes under 50 ms per 100 KB on a 96 KB base64url token, 64 KB of hex and 40 KB of one letter', () => {
    const inputs = hostileInputs(96 * 1024);
    for (const text of [inputs.base64url ?? '', (inputs.hex ?? '').slice(0, 64 * 1024), (inputs.oneLetter ?? '').slice(0, 40 * 1024)]) {
      expect(msPer100KB(redactText, text)).toBeLessThan(LIMIT_MS_PER_100KB);
    }
  });

  it('is linear on every input that made the old patterns quadratic: 8 times the text, about 8 times the time', () => {
    const small = hostileInputs(12 * 1024);
    const large = hostileInputs(96 * 1024);
    for (const name of Object.keys(small)) {
      // Per 100 KB the cost stays flat when linear; a quadratic rule costs 8 times more per KB.
      // Best of 7 each: a garbage collection in one run is not the rule's cost.
      const ratio = msPer100KB(redactText, large[name] ?? '', 7) / Math.max(msPer100KB(redactText, small[name] ?? '', 7), 1);
      expect({ name, linear: ratio < 3 }).toEqual({ name, linear: true });
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

  it('analyzes and collects evidence in linear time from a log, a termination message and an event of 100 KB of spaces', async () => {
    const spaces = `${' '.repeat(100 * 1024)}x`;
    const { snapshot, finding } = caseA();
    const terminated = snapshot.pods[0]?.status?.containerStatuses?.[0]?.lastState?.terminated;
    const event = snapshot.events[0];
    if (!terminated || !event) throw new Error('fixture changed');
    terminated.message = spaces;
    event.message = spaces;
    const logs = logsFrom({ [`${PODS[0]}/ubuntu/previous`]: spaces });
    const start = performance.now();
    analyze(snapshot, { now: new Date(NOW) });
    const evidence = await collectEvidence(finding, snapshot, { logs, now: () => NOW });
    redactLines(evidence.sections.flatMap((s) => s.lines));
    // The quadratic patterns took 17 s here; linear work is a few milliseconds.
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
