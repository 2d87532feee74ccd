import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runAnalyze } from '../src/commands/analyze.js';
import { writeRealisticDump } from './realisticDump.js';

/**
 * `analyze --file` at the size of a real dump: PODS pods (default 100,000, with managedFields and
 * three events each) in FILES files (default 4, ~1.3 GB in all), analysed in the default heap.
 * Each measurement runs in a fresh process: a bare `JSON.parse` of the same files (read included),
 * then `runAnalyze` (what `k8s-diagnose analyze --file ... --output json` runs). Prints progress,
 * then one JSON line last: {"pods","files","mb","parseMs","analyzeMs","ratio","parseCpuMs","analyzeCpuMs",
 * "cpuRatio","rssMB","findings"}: wall and CPU time (the steadier figure on a shared machine).
 * The files are kept in $TMPDIR/kdb-dump-<pods>-<files> for the next run.
 */
const [mode, ...rest] = process.argv.slice(2);

/** CPU time of this process so far (all threads, GC included), in ms: steadier than wall time on a shared machine. */
const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

if (mode === 'parse') {
  const start = performance.now();
  const cpu = cpuMs();
  for (const file of rest) JSON.parse(readFileSync(file, 'utf8'));
  console.log(JSON.stringify({ ms: performance.now() - start, cpuMs: cpuMs() - cpu, rssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else if (mode === 'analyze') {
  let output = '';
  const start = performance.now();
  const cpu = cpuMs();
  const code = await runAnalyze(
    { file: rest, output: 'json', language: 'en' },
    { stdout: { write: (text: string) => (output += text) }, stderr: { write: (text: string) => process.stderr.write(text) }, env: {} },
  );
  const ms = performance.now() - start;
  const cpu2 = cpuMs() - cpu;
  if (code !== 0) throw new Error(`analyze exited ${code}`);
  const findings = (JSON.parse(output) as { findings: unknown[] }).findings.length;
  console.log(JSON.stringify({ ms, cpuMs: cpu2, rssMB: Math.round(process.resourceUsage().maxRSS / 1024), findings }));
} else {
  const pods = Number(process.env.PODS ?? 100_000);
  const fileCount = Number(process.env.FILES ?? 4);
  const dir = join(tmpdir(), `kdb-dump-${pods}-${fileCount}`);
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: fileCount }, (_, i) => join(dir, `dump-${i}.json`));
  const perFile = pods / fileCount;
  for (const [i, file] of files.entries()) {
    if (existsSync(file)) continue;
    console.error(`writing ${file}`);
    await writeRealisticDump(file, { pods: perFile, offset: i * perFile, now: Date.parse('2026-05-01T12:00:00Z') });
  }
  const mb = Math.round(files.reduce((sum, file) => sum + statSync(file).size, 0) / 1024 / 1024);
  const self = fileURLToPath(import.meta.url);
  type Measured = { ms: number; cpuMs: number; rssMB: number; findings?: number };
  const child = (which: string): Measured => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, which, ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measured;
  };
  const parse = child('parse');
  console.error(`JSON.parse of ${mb} MB: ${Math.round(parse.ms)} ms (CPU ${Math.round(parse.cpuMs)} ms), peak RSS ${parse.rssMB} MB`);
  const analysed = child('analyze');
  console.error(`analyze --file: ${Math.round(analysed.ms)} ms (CPU ${Math.round(analysed.cpuMs)} ms), peak RSS ${analysed.rssMB} MB, ${analysed.findings ?? 0} findings`);
  console.log(
    JSON.stringify({ pods, files: fileCount, mb, parseMs: Math.round(parse.ms), analyzeMs: Math.round(analysed.ms), ratio: Number((analysed.ms / parse.ms).toFixed(2)), parseCpuMs: Math.round(parse.cpuMs), analyzeCpuMs: Math.round(analysed.cpuMs), cpuRatio: Number((analysed.cpuMs / parse.cpuMs).toFixed(2)), rssMB: analysed.rssMB, findings: analysed.findings }),
  );
}
