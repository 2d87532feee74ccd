import { fileURLToPath } from 'node:url';
import { runAnalyze } from './commands/analyze.js';
import { exitQuietlyOnClosedStdout } from './exitQuietlyOnClosedStdout.js';

/** The seed article's two cases, bundled as Kubernetes List JSON. */
const EXAMPLES = [
  { title: 'Case A: a Deployment whose pods crash-loop', file: 'case-a-crashloop.json' },
  { title: 'Case B: Prometheus pods Pending on an unbound PVC', file: 'case-b-prometheus-pending.json' },
];

exitQuietlyOnClosedStdout();
const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
const language = process.env.BOT_LANGUAGE === 'ja' ? 'ja' : 'en';
// ChatGPT when a key is configured, the built-in rules otherwise; each diagnosis also says which.
const explain = process.env.OPENAI_API_KEY !== undefined && process.env.OPENAI_API_KEY !== '';
process.stdout.write(
  explain
    ? `Asking ${process.env.OPENAI_MODEL ?? 'gpt-4o-mini'} (OPENAI_API_KEY is set); each diagnosis says whether it answered or the rules stood in.\n`
    : 'Rule-based diagnoses (set OPENAI_API_KEY to have ChatGPT write them).\n',
);
for (const example of EXAMPLES) {
  const path = fileURLToPath(new URL(`../examples/${example.file}`, import.meta.url));
  process.stdout.write(`\n=== ${example.title} (examples/${example.file}) ===\n\n`);
  const code = await runAnalyze({ file: [path], output: 'text', language, explain }, io);
  if (code !== 0) process.exitCode = code;
}
