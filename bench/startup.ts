// How fast the CLI starts, as a user runs it: `k8s-diagnose --version` and `analyze --file` of the
// seed's case A (examples/), each the median of 5 runs of `node dist/cli.js` (built first).
// `npm run bench:startup`; the last line is {"versionMs":..,"analyzeSmallMs":..}.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 5;

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);

/** Median wall time of `node -- dist/cli.js ...args`, in ms; each run must succeed. */
function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['--', 'dist/cli.js', ...args], { cwd: ROOT, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${String(result.status)}:\n${result.stderr}`);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)] ?? 0);
}

const nodeMs = (() => {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Math.round(Number(process.hrtime.bigint() - started) / 1e6);
})();
const versionMs = medianMs(['--version']);
const analyzeSmallMs = medianMs(['analyze', '--file', 'examples/case-a-crashloop.json']);
console.log(`node -e 0 took ${nodeMs} ms once (the floor on this machine now)`);
console.log(JSON.stringify({ versionMs, analyzeSmallMs }));
