import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnonymizer } from '../../src/diagnose/createAnonymizer.js';
import { fitSections } from '../../src/diagnose/fitSections.js';
import { loadPromptTemplate } from '../../src/diagnose/loadPromptTemplate.js';
import { renderSections } from '../../src/diagnose/renderDataBlock.js';
import { encodingFor, tokenizerFor } from '../../src/diagnose/tokenizerFor.js';

const tokenizer = tokenizerFor('gpt-4o-mini');
const log = Array.from({ length: 200 }, (_, i) => `log line ${i} with some words about the failure`);

describe('fitSections', () => {
  it('keeps everything that fits, in the original order', () => {
    const sections = [{ title: 'B', lines: ['b'], priority: 20 }, { title: 'A', lines: ['a'], priority: 0 }];
    expect(fitSections(sections, 1000, tokenizer)).toEqual(sections);
  });

  it('cuts a log from the middle, drops the lowest priority first, never touches priority 0', () => {
    const root = { title: 'Root cause', lines: ['x'.repeat(600)], priority: 0 };
    const sections = [
      root,
      { title: 'Events', lines: ['Warning BackOff (x209 over 50m)'], priority: 25 },
      { title: 'Log', lines: log, priority: 30, trim: 'middle' as const },
      { title: 'Other pods', lines: ['pod b', 'pod c'], priority: 50 },
    ];
    const fitted = fitSections(sections, 400, tokenizer);
    expect(fitted.map((s) => s.title)).toEqual(['Root cause', 'Events', 'Log']);
    expect(fitted[0]).toEqual(root);
    const kept = fitted[2]?.lines ?? [];
    expect(kept.at(-1)).toBe('log line 199 with some words about the failure');
    expect(kept[0]).toBe('log line 0 with some words about the failure');
    expect(kept.some((l) => /^… \d+ lines omitted …$/.test(l))).toBe(true);
    expect(tokenizer.count(renderSections(fitted))).toBeLessThanOrEqual(400 + tokenizer.count(root.lines[0] ?? ''));
  });

  it('drops a log that would keep fewer than three lines, and cuts other sections at the end', () => {
    const fitted = fitSections(
      [
        { title: 'Spec', lines: log.slice(0, 20), priority: 20 },
        { title: 'Log', lines: log, priority: 30, trim: 'middle' },
      ],
      60,
      tokenizer,
    );
    expect(fitted.map((s) => s.title)).toEqual(['Spec']);
    expect(fitted[0]?.lines.at(-1)).toMatch(/^… \d+ more lines omitted …$/);
  });
});

describe('tokenizer', () => {
  it('picks the encoding by model family', () => {
    expect(['gpt-4o-mini', 'gpt-4.1', 'gpt-5-mini', 'o3-mini', 'openai/gpt-4o'].map(encodingFor)).toEqual(Array(5).fill('o200k_base'));
    expect(['gpt-4-turbo', 'gpt-3.5-turbo', 'llama3.1:8b'].map(encodingFor)).toEqual(Array(3).fill('cl100k_base'));
  });
});

describe('anonymizer', () => {
  it('gives stable placeholders, longest name first, and restores them', () => {
    const names = { namespaces: ['shop', 'default'], workloads: ['web'], pods: ['web-5d9c-abc'], nodes: ['node-a'], images: ['ghcr.io/acme/web:1.2'] };
    const a = createAnonymizer(names);
    const text = 'pod web-5d9c-abc of web in shop on node-a runs ghcr.io/acme/web:1.2 in default; webhook ok';
    const hidden = a.anonymize(text);
    expect(hidden).toBe('pod POD_1 of WORKLOAD_1 in NAMESPACE_1 on NODE_1 runs IMAGE_1 in default; webhook ok');
    expect(createAnonymizer({ ...names, pods: [...names.pods].reverse() }).anonymize(text)).toBe(hidden);
    expect(a.restore(`${hidden} POD_9`)).toBe(`${text} POD_9`);
  });
});

describe('prompt templates', () => {
  it('load with a version, and the ja one follows the seed', () => {
    const ja = loadPromptTemplate('ja');
    expect(ja.version).toMatch(/\S/);
    expect(ja.user).toContain('# Kubernetesの運用中に以下のエラーが出ました。');
    expect(ja.user).toContain('- masterノード : {{controlPlaneNodes}}');
    expect(ja.user).toContain('- workerノード : {{workerNodes}}');
    expect(loadPromptTemplate('en').user).toContain('{{evidence}}');
  });

  it('reject a broken template with the file and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdb-prompt-'));
    writeFileSync(join(dir, 'prompt.en.md'), '---\nversion: 1\n---\n<!-- system -->\nhi\n<!-- user -->\n{{evidence}}\n');
    expect(() => loadPromptTemplate('en', dir)).toThrow(/prompt\.en\.md: missing section <!-- followup -->/);
    writeFileSync(join(dir, 'prompt.en.md'), '<!-- system -->\nhi');
    expect(() => loadPromptTemplate('en', dir)).toThrow(/expected front matter/);
  });
});
