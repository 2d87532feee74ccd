import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DumpError } from '../../src/analyze/DumpError.js';
import { analyze } from '../../src/analyze/analyze.js';
import { loadDumpFiles } from '../../src/analyze/loadDumpFiles.js';

const dir = mkdtempSync(join(tmpdir(), 'dump-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const CASE_A = new URL('../../examples/case-a-crashloop.json', import.meta.url).pathname;

async function failure(paths: string[], options?: Parameters<typeof loadDumpFiles>[1]): Promise<DumpError> {
  const error: unknown = await loadDumpFiles(paths, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DumpError);
  return error as DumpError;
}

describe('loadDumpFiles', () => {
  it('reads a kubectl List dump', async () => {
    const { snapshot, warnings } = await loadDumpFiles([CASE_A]);
    expect(snapshot.pods).toHaveLength(3);
    expect(snapshot.nodes).toHaveLength(5);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['a missing file', () => [join(dir, 'nope.json')], 'ENOENT', /nope\.json: no such file$/],
    ['an empty file', () => [file('empty.json', '')], 'EMPTY', /empty\.json: the file is empty$/],
    ['text that is not JSON', () => [file('bad.json', 'NAME READY STATUS\nweb 0/1 CrashLoopBackOff')], 'NOT_JSON', /bad\.json: not JSON \(.*\); expected the output of kubectl get \.\.\. -o json$/],
    ['JSON that is not an object or array', () => [file('num.json', '42')], 'WRONG_SHAPE', /num\.json: JSON number is not a Kubernetes List/],
    ['JSON objects that are not Kubernetes objects', () => [file('shape.json', '{"foo": 1}')], 'WRONG_SHAPE', /shape\.json: no Kubernetes objects to analyse \(object at \[0\]: no "kind"\)/],
    ['a directory', () => [dir], 'UNREADABLE', /is a directory/],
  ])('fails with one clear line for %s', async (_what, paths, code, message) => {
    const error = await failure(paths());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('reads an empty List as a cluster with nothing in it, not as an error', async () => {
    const { snapshot, warnings } = await loadDumpFiles([file('list.json', '{"apiVersion":"v1","kind":"List","items":[]}')]);
    expect(Object.values(snapshot).every((objects: unknown[]) => objects.length === 0)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const error = await failure([CASE_A], { maxBytes: 1024 });
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/is over the 0 MB limit; dump fewer objects/);
  });

  it('keeps going when one of several files is bad, and says so', async () => {
    const bad = file('bad2.json', '{');
    const { snapshot, warnings } = await loadDumpFiles([bad, CASE_A, join(dir, 'missing.json')]);
    expect(snapshot.pods).toHaveLength(3);
    expect(warnings).toEqual([
      expect.stringMatching(/bad2\.json: not JSON .* \(file ignored\)$/),
      expect.stringMatching(/missing\.json: no such file \(file ignored\)$/),
    ]);
  });

  it('fails naming every file when none can be read', async () => {
    const error = await failure([join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(error.code).toBe('ENOENT');
    expect(error.message).toMatch(/^no file could be analysed: .*a\.json: no such file; .*b\.json: no such file$/);
  });

  it('reads kubectl -o yaml output from a .yaml file', async () => {
    const path = file('dump.yaml', [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    name: web-1',
      '    namespace: default',
      '    creationTimestamp: "2024-05-01T10:00:00Z"',
    ].join('\n'));
    const { snapshot } = await loadDumpFiles([path]);
    expect(snapshot.pods[0]?.metadata?.name).toBe('web-1');
    expect(snapshot.pods[0]?.metadata?.creationTimestamp).toEqual(new Date('2024-05-01T10:00:00Z'));
    const broken = await failure([file('broken.yml', 'items: [\n')]);
    expect(broken.code).toBe('NOT_JSON');
    expect(broken.message).toMatch(/broken\.yml: not YAML \(.*\); expected the output of kubectl get \.\.\. -o yaml$/);
  });

  it('reads JSON or YAML from stdin with -', async () => {
    const json = await loadDumpFiles(['-'], { stdin: Readable.from([Buffer.from('{"kind":"List","items":[{"kind":"Node","metadata":'), Buffer.from('{"name":"n1"}}]}')]) });
    expect(json.snapshot.nodes).toHaveLength(1);
    const yaml = await loadDumpFiles(['-'], { stdin: Readable.from(['apiVersion: v1\nkind: Node\nmetadata:\n  name: n2\n']) });
    expect(yaml.snapshot.nodes[0]?.metadata?.name).toBe('n2');
    const large = await failure(['-'], { maxBytes: 10, stdin: Readable.from(['{"kind":"List",', '"items":[]}']) });
    expect(large.message).toBe('-: 0 MB is over the 0 MB limit; dump fewer objects (e.g. one namespace with -n, or only pods,events)');
  });

  it('warns about skipped objects', async () => {
    const path = file('mixed.json', JSON.stringify([{ kind: 'NetworkPolicy', metadata: { name: 'i' } }, { kind: 'Pod', metadata: { name: 'p' } }]));
    const { snapshot, warnings } = await loadDumpFiles([path]);
    expect(snapshot.pods).toHaveLength(1);
    expect(warnings).toEqual([`${path}: skipped 1 NetworkPolicy object: kind NetworkPolicy is not analysed`]);
  });
});

describe('loadDumpFiles at the size of a real dump', () => {
  const ago = '2026-05-01T11:00:00Z';
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

  it('reads 150,000 events alone, and analyses them', async () => {
    const events = Array.from({ length: 150_000 }, (_, i) => ({
      kind: 'Event',
      metadata: { name: `e${i}`, namespace: 'ns' },
      involvedObject: { kind: 'Pod', namespace: 'ns', name: `p${i % 5000}` },
      reason: 'BackOff',
      type: 'Warning',
      lastTimestamp: ago,
    }));
    const { snapshot } = await loadDumpFiles([file('events.json', list(events))]);
    expect(snapshot.events).toHaveLength(150_000);
    expect(snapshot.events[149_999]?.lastTimestamp).toBeInstanceOf(Date);
    expect(() => analyze(snapshot, { now: new Date(ago) })).not.toThrow();
  });

  it('reads more than 125,000 objects of one kind over two files', async () => {
    const pods = (from: number) => Array.from({ length: 70_000 }, (_, i) => ({ kind: 'Pod', metadata: { name: `p${from + i}`, namespace: 'ns', creationTimestamp: ago } }));
    const { snapshot } = await loadDumpFiles([file('pods-1.json', list(pods(0))), file('pods-2.json', list(pods(70_000)))]);
    expect(snapshot.pods).toHaveLength(140_000);
    expect(snapshot.pods[139_999]?.metadata?.name).toBe('p139999');
    expect(() => analyze(snapshot, { now: new Date(ago) })).not.toThrow();
  });

  it('keeps the parsed objects as they are, without managedFields', async () => {
    const pod = { kind: 'Pod', metadata: { name: 'p', namespace: 'ns', creationTimestamp: ago, managedFields: [{ manager: 'kubelet', fieldsV1: { 'f:status': {} } }] }, status: { startTime: ago } };
    const { snapshot } = await loadDumpFiles([file('managed.json', list([pod]))]);
    expect(snapshot.pods[0]?.metadata?.managedFields).toBeUndefined();
    expect(snapshot.pods[0]?.status?.startTime).toEqual(new Date(ago));
  });
});
