import { fileURLToPath } from 'node:url';
import { runAnalyze } from './commands/analyze.js';

/** The seed article's two cases, bundled as Kubernetes List JSON. */
const EXAMPLES = [
  { title: 'Case A: a Deployment whose pods crash-loop', file: 'case-a-crashloop.json' },
  { title: 'Case B: Prometheus pods Pending on an unbound PVC', file: 'case-b-prometheus-pending.json' },
];

const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
const language = process.env.BOT_LANGUAGE === 'ja' ? 'ja' : 'en';
for (const example of EXAMPLES) {
  const path = fileURLToPath(new URL(`../examples/${example.file}`, import.meta.url));
  process.stdout.write(`\n=== ${example.title} (examples/${example.file}) ===\n\n`);
  const code = await runAnalyze({ file: [path], output: 'text', language }, io);
  if (code !== 0) process.exitCode = code;
}
