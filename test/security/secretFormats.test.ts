import { describe, expect, it } from 'vitest';
import { redactArgv, redactObject, redactText } from '../../src/diagnose/redact.js';
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

describe('argv printed as JSON or held in an object', () => {
  it('hides the value after a credential flag in a JSON array, as a rollout diff prints it', () => {
    const text = redactText('args app: ["--db-password","hunter2x"] → ["mysql","-p","s3cr3tValue"]');
    expect(text).not.toContain('hunter2x');
    expect(text).not.toContain('s3cr3tValue');
    expect(text).toContain('"--db-password"');
  });

  it('redacts command and args of an object as one argv', () => {
    const pod = redactObject({ kind: 'Pod', spec: { containers: [{ name: 'a', command: ['app', '--api-token'], args: ['tok3nValue1', '--port', '8080'] }] } });
    const container = pod.spec.containers[0];
    expect(container?.args).toEqual(['<redacted:secret>', '--port', '8080']);
    expect(container?.command).toEqual(['app', '--api-token']);
  });
});
