import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDump } from '../../bench/generateDump.js';
import { explainByRules, runAnalyze, type AnalyzeCommandOptions } from '../../src/commands/analyze.js';
import type { Finding } from '../../src/analyze/types.js';
import type { DiagnosisResult, Language } from '../../src/diagnose/types.js';
import { CATEGORIES, SEVERITIES } from '../../src/analyze/types.js';
import { bufferIo, ROOT, runCli } from './runCli.js';

const CASE_A = join(ROOT, 'examples/case-a-crashloop.json');
const CASE_B = join(ROOT, 'examples/case-b-prometheus-pending.json');
const dir = mkdtempSync(join(tmpdir(), 'cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ANSI_ESCAPE = '\u001b[';
const options = (file: string[], more: Partial<AnalyzeCommandOptions> = {}): AnalyzeCommandOptions => ({ file, output: 'text', language: 'en', ...more });

describe('k8s-diagnose analyze --file (process)', () => {
  it('prints exactly {"findings": [...]} with --output json and exits 0', async () => {
    const result = await runCli(['analyze', '--file', CASE_A, CASE_B, '--output', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const parsed = JSON.parse(result.stdout) as { findings: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['findings']);
    expect(parsed.findings.map((f) => f['workload'])).toEqual(['Deployment/prometheus-server', 'StatefulSet/prometheus-alertmanager', 'Deployment/test-deployment']);
    for (const finding of parsed.findings) {
      expect(Object.keys(finding)).toEqual(['kind', 'namespace', 'name', 'workload', 'category', 'component', 'severity', 'summary', 'evidence', 'rootCause', 'pods', 'containers', 'related']);
      expect(CATEGORIES).toContain(finding['category']);
      expect(SEVERITIES).toContain(finding['severity']);
    }
  });

  it('reports unreadable input in one line on stderr and exits 1, without a stack trace', async () => {
    const path = join(dir, 'describe.txt');
    writeFileSync(path, 'Name: test-deployment-f4955dc4d-95wrl\nNamespace: k8s-and-chatgpt\n');
    const result = await runCli(['analyze', '--file', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    // One line (the parser's wording varies between Node versions), no stack trace.
    expect(result.stderr.startsWith(`k8s-diagnose analyze: ${path}: not JSON (`)).toBe(true);
    expect(result.stderr.endsWith('); expected the output of kubectl get ... -o json\n')).toBe(true);
    expect(result.stderr.split('\n')).toHaveLength(2);
  });

  it('exits 2 on a usage error', async () => {
    const result = await runCli(['analyze', '--file', CASE_A, '--output', 'yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'yaml' is invalid. Allowed choices are text, json, markdown.");
  });

  it('analyses a 100 MB dump', async () => {
    // Many real dumps are large because of the last-applied-configuration annotation.
    const { list } = generateDump();
    const padding = 'x'.repeat(15_500);
    for (const item of list.items) {
      if (item['kind'] === 'Pod') (item['metadata'] as Record<string, unknown>)['annotations'] = { 'kubectl.kubernetes.io/last-applied-configuration': padding };
    }
    const path = join(dir, 'large.json');
    writeFileSync(path, JSON.stringify(list));
    expect(statSync(path).size).toBeGreaterThan(100 * 1000 * 1000);
    const result = await runCli(['analyze', '--file', path, '--output', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { findings } = JSON.parse(result.stdout) as { findings: { category: string }[] };
    expect(new Set(findings.map((f) => f.category)).size).toBe(CATEGORIES.length);
  }, 120_000);
});

describe('runAnalyze with a dump (in-process)', () => {
  it('prints each finding with its five-part rule-based explanation, without colour off a terminal', async () => {
    const out = bufferIo();
    expect(await runAnalyze(options([CASE_A]), out.io)).toBe(0);
    const text = out.stdout();
    expect(text).not.toContain(ANSI_ESCAPE);
    expect(text).toContain('HIGH  CrashLoopBackOff  k8s-and-chatgpt  Deployment/test-deployment');
    for (const heading of ['1. Fault location:', 'Additional info:', '2. What the error means', '3. Probable causes', '4. Debug steps', '5. Fixes']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('$ kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt -c ubuntu --previous');
  });

  it('shows who wrote the diagnosis when another explainer is plugged in', async () => {
    const out = bufferIo();
    const explain = async (finding: Finding, language: Language): Promise<DiagnosisResult> => {
      const { diagnosis } = await explainByRules(finding, language);
      return { diagnosis: { ...diagnosis, explanation: 'written elsewhere' }, source: { kind: 'rules', reason: 'llm-failed', detail: 'timeout after 30 s' } };
    };
    expect(await runAnalyze(options([CASE_A]), { ...out.io, explain })).toBe(0);
    expect(out.stdout()).toContain('(rule-based: the LLM did not answer (timeout after 30 s))');
    expect(out.stdout()).toContain('written elsewhere');
  });

  it('colours the text on a terminal', async () => {
    const out = bufferIo({}, true);
    await runAnalyze(options([CASE_A]), out.io);
    expect(out.stdout()).toContain(ANSI_ESCAPE);
  });

  it('writes Markdown in Japanese with the seed headings', async () => {
    const out = bufferIo();
    expect(await runAnalyze(options([CASE_B], { output: 'markdown', language: 'ja' }), out.io)).toBe(0);
    const md = out.stdout();
    expect(md).toContain('## HIGH · PVCUnbound · default / StatefulSet/prometheus-alertmanager');
    for (const heading of ['**障害箇所:**', '**エラー内容の説明**', '**原因として予測される内容**', '**エラーのデバッグ方針**', '**エラーの解決方法**']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('kubectl describe pvc storage-prometheus-alertmanager-0 -n default');
  });

  it('narrows a dump to one namespace with -n', async () => {
    const out = bufferIo();
    await runAnalyze(options([CASE_A, CASE_B], { output: 'json', namespace: 'k8s-and-chatgpt' }), out.io);
    const { findings } = JSON.parse(out.stdout()) as { findings: { namespace: string }[] };
    expect(findings.map((f) => f.namespace)).toEqual(['k8s-and-chatgpt']);
  });

  it('applies the bot\'s thresholds: a pod unschedulable for 10 s is not reported until PENDING_THRESHOLD_SECONDS allows it', async () => {
    const path = join(dir, 'young-pending.json');
    const at = (s: number) => new Date(Date.parse('2024-05-01T12:00:00Z') - s * 1000).toISOString();
    writeFileSync(path, JSON.stringify({ kind: 'List', items: [
      { kind: 'Pod', metadata: { name: 'web', namespace: 'default', creationTimestamp: at(10) }, spec: { containers: [{ name: 'web', image: 'web:1' }] },
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: at(10) }] } },
      { kind: 'Event', metadata: { name: 'web.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
        type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.', lastTimestamp: at(0) },
      // A hand-written pod without creationTimestamp is not brand new: it is reported.
      { kind: 'Pod', metadata: { name: 'old', namespace: 'other' }, spec: { containers: [{ name: 'a', image: 'nope:1' }] },
        status: { phase: 'Pending', containerStatuses: [{ name: 'a', image: 'nope:1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope:1"' } } }] } },
    ] }));
    const json = async (env: NodeJS.ProcessEnv) => {
      const out = bufferIo(env);
      expect(await runAnalyze(options([path], { output: 'json' }), out.io)).toBe(0);
      return (JSON.parse(out.stdout()) as { findings: Finding[] }).findings.map((f) => `${f.namespace}/${f.category}`);
    };
    expect(await json({})).toEqual(['other/ImagePullBackOff']);
    expect(await json({ PENDING_THRESHOLD_SECONDS: '5' })).toEqual(['default/InsufficientResources', 'other/ImagePullBackOff']);
    const bad = bufferIo({ PENDING_THRESHOLD_SECONDS: 'soon' });
    expect(await runAnalyze(options([path]), bad.io)).toBe(2);
    expect(bad.stderr()).toContain('PENDING_THRESHOLD_SECONDS');
  });

  it('says so when nothing is wrong', async () => {
    const path = join(dir, 'healthy.json');
    writeFileSync(path, JSON.stringify({ kind: 'List', items: [{ kind: 'Node', metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }] }));
    const out = bufferIo();
    expect(await runAnalyze(options([path]), out.io)).toBe(0);
    expect(out.stdout()).toBe('No failures found (1 objects analysed).\n');
  });

  it('warns about skipped objects on stderr and still analyses the rest', async () => {
    const path = join(dir, 'mixed.json');
    writeFileSync(path, JSON.stringify([{ kind: 'NetworkPolicy', metadata: { name: 'web' } }, { kind: 'Pod' }, { kind: 'Node', metadata: { name: 'n1' } }]));
    const out = bufferIo();
    expect(await runAnalyze(options([path], { output: 'json' }), out.io)).toBe(0);
    expect(out.stderr()).toBe(`warning: ${path}: skipped Pod at [0][1]: no "metadata.name"\nwarning: ${path}: skipped 1 NetworkPolicy object: kind NetworkPolicy is not analysed\n`);
    expect(JSON.parse(out.stdout())).toEqual({ findings: [] });
  });

  it.each([
    ['an empty List', '{"apiVersion":"v1","kind":"List","items":[]}', 'contains no objects (an empty list)'],
    ['JSON of the wrong shape', '"pods"', 'JSON string is not a Kubernetes List or array of objects'],
    ['objects that are not Kubernetes objects', '[{"name":"web"}]', 'no Kubernetes objects to analyse'],
  ])('exits 1 with one line for %s', async (name, content, message) => {
    const path = join(dir, `${name.replaceAll(' ', '-')}.json`);
    writeFileSync(path, content);
    const out = bufferIo();
    expect(await runAnalyze(options([path]), out.io)).toBe(1);
    expect(out.stdout()).toBe('');
    expect(out.stderr()).toMatch(new RegExp(`^k8s-diagnose analyze: .*${message.replace(/[()]/g, '\\$&')}.*\\n$`));
    expect(out.stderr().split('\n')).toHaveLength(2);
  });

  it('exits 1 for a missing file', async () => {
    const out = bufferIo();
    expect(await runAnalyze(options([join(dir, 'missing.json')]), out.io)).toBe(1);
    expect(out.stderr()).toBe(`k8s-diagnose analyze: ${join(dir, 'missing.json')}: no such file\n`);
  });
});
