import { performance } from 'node:perf_hooks';
import { analyze } from '../src/analyze/analyze.js';
import { snapshotFromObjects } from '../src/analyze/snapshotFromObjects.js';
import { generateDump } from './generateDump.js';

/**
 * Analyses a generated dump of 5,000 pods (200 workloads, 10% failing across the pod categories,
 * one case of each category beyond pods), their Services, EndpointSlices, Ingresses, HPAs and
 * PDBs, and 50,000 events. Prints progress, then one JSON line last:
 * {"objects":N,"seconds":S,"objectsPerSecond":R,"rssMB":M} — S is the analysis alone (median
 * of 5 runs after a warm-up), M the peak RSS of the whole process.
 */
const now = new Date('2024-05-01T12:00:00Z');
const { list, counts } = generateDump({ pods: 5000, workloads: 200, failingRatio: 0.1, events: 50_000, now });
const { snapshot, skipped } = snapshotFromObjects([list]);
if (skipped.length > 0) throw new Error(`generator produced skipped objects: ${skipped.join('; ')}`);

analyze(snapshot, { now });
const times: number[] = [];
let findings: ReturnType<typeof analyze> = [];
for (let run = 0; run < 5; run += 1) {
  const start = performance.now();
  findings = analyze(snapshot, { now });
  times.push((performance.now() - start) / 1000);
}
times.sort((a, b) => a - b);
const seconds = times[Math.floor(times.length / 2)] ?? 0;
console.error(`pods ${counts.pods}, events ${counts.events}, failing workloads ${counts.failingWorkloads}, findings ${findings.length} (${[...new Set(findings.map((f) => f.category))].sort().join(' ')}), runs ${times.map((t) => t.toFixed(3)).join(' ')} s`);
console.log(
  JSON.stringify({
    objects: counts.objects,
    seconds: Number(seconds.toFixed(3)),
    objectsPerSecond: Math.round(counts.objects / seconds),
    rssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
