import { describe, expect, it } from 'vitest';
import { redactLines, redactText } from '../../src/diagnose/redact.js';
import { ORDINARY_LINES } from './ordinaryLines.js';

describe('over-redaction', () => {
  it(`leaves ${ORDINARY_LINES.length} ordinary evidence lines unchanged: events, Kind/name references, pod, node and image names`, () => {
    expect(ORDINARY_LINES.length).toBeGreaterThanOrEqual(500);
    const changed = ORDINARY_LINES.filter((line) => redactText(line) !== line);
    expect(changed).toEqual([]);
    expect(redactLines(ORDINARY_LINES)).toEqual(ORDINARY_LINES);
  });

  it('keeps the workload names the issue saw eaten', () => {
    for (const line of ['Deployment/prometheus-server-5c8d7f9b4-xq2lm', 'Job/kube-state-backup-manual-ltt1y', 'ReplicaSet/kubegems-api-ff9c8555d']) {
      expect(redactText(`workload ${line} is failing`)).toBe(`workload ${line} is failing`);
    }
    // A random token with the same characters is still one.
    expect(redactText('Q2hhbmdlTWUxMjM0/NTY3ODkwQWJjZGVmZ2hpams')).toBe('<redacted:token>');
  });
});
