import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/analyze/types.js';
import { runAnalyze } from '../../src/commands/analyze.js';
import { explainWithRules } from '../../src/diagnose/rules/explainWithRules.js';
import { renderIncidentMessage } from '../../src/slack/renderIncidentMessage.js';
import { analyzeFixture } from '../analyze/analyzeFixture.js';
import { bufferIo } from '../cli/runCli.js';

/**
 * English left in a Japanese sentence: four or more English words in a row, once quoted text
 * ("…", `…`, code), commands and identifiers (Deployment/web, CrashLoopBackOff) are set aside.
 */
function englishIn(text: string): string[] {
  const prose = text
    .replace(/```[\s\S]*?```|`[^`]*`|"[^"]*"|「[^」]*」/g, ' ')
    .replace(/\b[\w.-]+\/[\w.-]+\b/g, ' ')
    .replace(/:[a-z_]+:/g, ' ');
  return [...prose.matchAll(/\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){3,}\b/g)].map((m) => m[0]);
}

describe('BOT_LANGUAGE=ja', () => {
  const categories = CATEGORIES.filter((category) => category !== 'Other');

  it.each(categories)('says %s in Japanese: notification, summary, severity', (category) => {
    const [finding] = analyzeFixture(`categories/${category}`);
    if (finding === undefined) throw new Error(`no finding in the ${category} fixture`);
    const message = renderIncidentMessage({
      incident: { key: 'k', cluster: 'prod', finding },
      result: { diagnosis: explainWithRules(finding, 'ja'), source: { kind: 'rules', reason: 'no-llm' } },
      language: 'ja',
    });
    expect(englishIn(message.text), message.text).toEqual([]);
    const blocks = message.blocks as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>;
    const summary = blocks[1]?.text?.text ?? '';
    expect(englishIn(summary), summary).toEqual([]);
    const fields = JSON.stringify(blocks[2]?.fields);
    expect(fields).toMatch(/重要度\*\\n(?:緊急|重大|警告|軽微)/);
    const explanation = blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith('*2.')) ?? '';
    expect(englishIn(explanation), explanation).toEqual([]);
  });

  it('says "no failures" in Japanese', async () => {
    const out = bufferIo();
    const path = new URL('../fixtures/categories/CrashLoopBackOff.json', import.meta.url).pathname;
    expect(await runAnalyze({ file: [path], output: 'text', language: 'ja', namespace: 'no-such-namespace' }, out.io)).toBe(0);
    expect(out.stdout()).toMatch(/^障害は見つかりませんでした/);
  });
});
