import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replaceSample, sampleMessage } from '../../scripts/sampleMessage.js';

describe('README sample message', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('is what the renderer draws for the seed case A (run `npm run docs:sample` when this fails)', () => {
    expect(replaceSample(readme)).toBe(readme);
    expect(readme).toContain(sampleMessage());
  });
});
