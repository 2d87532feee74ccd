import { readFileSync } from 'node:fs';

/**
 * Ordinary evidence lines that must pass redaction unchanged (ordinaryLines.txt, one a line): real
 * kubelet, scheduler and controller event messages (shapes from public issue threads), container
 * states as the evidence prints them, `Kind/name` references, pod and cloud node names, image
 * references with digests. Read by the over-redaction test and `npm run bench:redact`.
 */
export const ORDINARY_LINES: readonly string[] = readFileSync(new URL('./ordinaryLines.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '');
