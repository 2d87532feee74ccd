import { describe, expect, it } from 'vitest';
import { redactArgv, redactText } from '../../src/diagnose/redact.js';
import { SECRET_FORMATS } from './secretFormats.js';

describe('secret formats, one by one', () => {
  it('hides each format as text, as a word-by-word argv and inside sh -c, and a second pass changes nothing', () => {
    const leaks: string[] = [];
    for (const { name, sample, secret } of SECRET_FORMATS) {
      expect(sample).toContain(secret);
      const forms = { text: redactText(sample), argv: redactArgv(sample.split(' ')).join(' '), shell: redactArgv(['sh', '-c', sample]).join(' ') };
      for (const [form, out] of Object.entries(forms)) if (out.includes(secret)) leaks.push(`${name} (${form}): ${out}`);
      expect(redactText(forms.text)).toBe(forms.text);
    }
    expect(leaks).toEqual([]);
  });
});
