import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAllChildren } from '../helpers/childProcesses.js';
import { runAnalyze, type AnalyzeCommandOptions } from '../../src/commands/analyze.js';
import type { Finding } from '../../src/analyze/types.js';
import { startFakeKube, type FakeKube, type KubeObject } from '../fakes/kube.js';
import { bufferIo, ROOT, runCli } from './runCli.js';

/** Case A of the seed, served by a loopback API server that client-node really talks to. */
const caseA = JSON.parse(readFileSync(join(ROOT, 'examples/case-a-crashloop.json'), 'utf8')) as { items: KubeObject[] };

let kube: FakeKube;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  kube = await startFakeKube(caseA.items);
  dir = mkdtempSync(join(tmpdir(), 'live-'));
  kubeconfig = join(dir, 'config');
  kube.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  await kube.close();
  rmSync(dir, { recursive: true, force: true });
});

const live = (more: Partial<AnalyzeCommandOptions> = {}): AnalyzeCommandOptions => ({ output: 'json', language: 'en', ...more });

async function analyzeLive(options: AnalyzeCommandOptions, env: NodeJS.ProcessEnv = { KUBECONFIG: kubeconfig }) {
  const out = bufferIo(env);
  const code = await runAnalyze(options, out.io);
  return { code, stdout: out.stdout(), stderr: out.stderr() };
}

function findings(stdout: string): Finding[] {
  return (JSON.parse(stdout) as { findings: Finding[] }).findings;
}

describe('k8s-diagnose analyze against the live cluster (loopback API server)', () => {
  // A command that hangs is killed even when its test timed out.
  afterEach(killAllChildren);

  it('reads one namespace with -n and finds the crash-looping Deployment', async () => {
    const result = await analyzeLive(live({ namespace: 'k8s-and-chatgpt' }));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(findings(result.stdout).map((f) => [f.category, f.workload, f.pods.length])).toEqual([['CrashLoopBackOff', 'Deployment/test-deployment', 3]]);
    const listed = kube.requests.filter((r) => r.path.includes('/namespaces/k8s-and-chatgpt/')).map((r) => r.path);
    expect(listed).toContain('/api/v1/namespaces/k8s-and-chatgpt/pods');
    expect(listed).toContain('/api/v1/namespaces/k8s-and-chatgpt/events');
  });

  it("reads the context's namespace by default, like kubectl, and every namespace with -A", async () => {
    expect(findings((await analyzeLive(live())).stdout)).toEqual([]);
    expect(findings((await analyzeLive(live({ allNamespaces: true }))).stdout).map((f) => f.namespace)).toEqual(['k8s-and-chatgpt']);
  });

  it('warns about a kind it may not read and still analyses the rest', async () => {
    kube.forbid('Node');
    try {
      const result = await analyzeLive(live({ allNamespaces: true }));
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('warning: cannot list Node: forbidden; reading without it\n');
      expect(findings(result.stdout)).toHaveLength(1);
    } finally {
      kube.forbid('Node', false);
    }
  });

  it('exits 1 with one line for an unknown context', async () => {
    const result = await analyzeLive(live({ context: 'prod' }));
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'k8s-diagnose analyze: kubeconfig context "prod" not found (known: fake)\n' });
  });

  it('exits 1 with one line when there is no kubeconfig at all', async () => {
    const result = await analyzeLive(live(), { KUBECONFIG: join(dir, 'none') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k8s-diagnose analyze: KUBECONFIG points to no existing file: .*none\n$/);
  });

  it('runs as a process with KUBECONFIG, printing the text report', async () => {
    const result = await runCli(['analyze', '-A'], { KUBECONFIG: kubeconfig });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('HIGH  CrashLoopBackOff  k8s-and-chatgpt  Deployment/test-deployment');
    expect(result.stdout).toContain('5. Fixes');
  });

  it('exits 1 with one line when the API server is unreachable', async () => {
    const other = await startFakeKube();
    const path = join(dir, 'closed');
    other.writeKubeconfig(path);
    await other.close();
    const result = await analyzeLive(live(), { KUBECONFIG: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^k8s-diagnose analyze: cannot reach the Kubernetes API \(connection refused\): .*\n$/);
  });
});
