import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { Finding } from '../../src/analyze/types.js';
import { explainWithRules } from '../../src/diagnose/rules/explainWithRules.js';
import type { Diagnosis } from '../../src/diagnose/types.js';
import { renderEvidenceReply } from '../../src/slack/renderEvidenceReply.js';
import { renderFollowupAnswer } from '../../src/slack/renderFollowupAnswer.js';
import { renderFullDiagnosis, renderIncidentMessage } from '../../src/slack/renderIncidentMessage.js';
import { assertWithinSlackLimits } from './assertWithinSlackLimits.js';
import { caseA, caseB, NOW, SEED_ANSWER_A_JA } from './seedCases.js';

function findingOf(objects: unknown[]): Finding {
  const [finding] = analyze(snapshotFromObjects(objects).snapshot, { now: new Date(NOW) });
  if (finding === undefined) throw new Error('the analyzer found nothing');
  return finding;
}

const incident = (finding: Finding) => ({ key: 'fp-a-1', cluster: 'onprem-lab', finding, firstSeen: new Date(NOW - 125 * 60_000).toISOString(), occurrences: 209 });

describe('renderIncidentMessage', () => {
  it('renders case A (CrashLoopBackOff, seed answer in ja) with header, fields, five parts, context and buttons', () => {
    const finding = findingOf(caseA());
    const message = renderIncidentMessage({ incident: incident(finding), result: { diagnosis: SEED_ANSWER_A_JA, source: { kind: 'llm', model: 'gpt-4o-mini', cached: false } }, language: 'ja' });
    assertWithinSlackLimits(message);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':large_orange_circle: CrashLoopBackOff · Deployment test-deployment', emoji: true } });
    expect(message.text).toBe('重大 · onprem-lab · k8s-and-chatgpt/Deployment/test-deployment: コンテナ "ubuntu" が終了と再起動を繰り返しています（CrashLoopBackOff）');
    const json = JSON.stringify(message.blocks);
    for (const heading of ['障害箇所', '追加情報', 'エラー内容の説明', '原因として予測される内容', 'エラーのデバッグ方針', 'エラーの解決方法']) expect(json).toContain(heading);
    expect(json).toContain('```kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt --previous```');
    expect(json).toContain('AI生成 (gpt-4o-mini)');
    expect(message.metadata).toEqual({ event_type: 'kdb_incident', event_payload: { key: 'fp-a-1' } });
    expect(message.blocks).toMatchSnapshot();
  });

  it('renders case B (PVCUnbound, rule-based, en) and says it is rule-based', () => {
    const finding = findingOf(caseB());
    const message = renderIncidentMessage({ incident: incident(finding), result: { diagnosis: explainWithRules(finding, 'en'), source: { kind: 'rules', reason: 'no-llm' } }, language: 'en' });
    assertWithinSlackLimits(message);
    expect(message.blocks[0]).toMatchObject({ text: { text: ':large_orange_circle: PVCUnbound · StatefulSet prometheus-alertmanager' } });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('storage-prometheus-alertmanager-0');
    expect(json).toContain('rule-based');
    expect(json).not.toContain('AI-generated');
    expect(message.blocks).toMatchSnapshot();
  });

  it('stays within every Slack limit for an oversized diagnosis, shortening with "…" instead of failing', () => {
    const long = (n: number) => 'x'.repeat(n);
    const huge: Diagnosis = {
      faultLocation: long(5000),
      additionalInfo: long(5000),
      explanation: `<!channel> & more ${long(4000)}`,
      causes: Array.from({ length: 60 }, (_, i) => `cause ${i} ${long(900)}`),
      debugSteps: Array.from({ length: 60 }, (_, i) => ({ text: `step ${i} ${long(700)}`, command: `kubectl get pods ${long(2000)}` })),
      fixes: Array.from({ length: 60 }, (_, i) => ({ text: `fix ${i}`, command: `kubectl rollout restart deploy/web${'-x'.repeat(i * 40)}` })),
    };
    const finding: Finding = { ...findingOf(caseA()), workload: `Deployment/${'w'.repeat(250)}`, pods: Array.from({ length: 500 }, (_, i) => `pod-${i}-${'p'.repeat(40)}`), summary: long(10_000) };
    const message = renderIncidentMessage({
      incident: { ...incident(finding), key: 'k'.repeat(3000), mentions: ['<!subteam^S0PAY>'] },
      result: { diagnosis: huge, source: { kind: 'llm', model: 'm'.repeat(500), cached: true } },
      language: 'en',
    });
    assertWithinSlackLimits(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('…and');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('<!subteam^S0PAY>');
  });

  it('leads the notification text with severity, cluster, workload and the cause, once each, under 150 characters', () => {
    const finding = findingOf(caseB());
    const message = renderIncidentMessage({ incident: incident(finding), result: { diagnosis: explainWithRules(finding, 'en'), source: { kind: 'rules', reason: 'no-llm' } }, language: 'en' });
    expect(message.text).toMatch(/^HIGH · onprem-lab · default\/StatefulSet\/prometheus-alertmanager: PersistentVolumeClaim "storage-prometheus-alertmanager-0" is not bound/);
    expect(Array.from(message.text).length).toBeLessThan(150);
    expect(message.text.split('prometheus-alertmanager').length - 1).toBe(2); // the workload, and the claim named after it
    const resolved = renderIncidentMessage({ incident: { ...incident(finding), resolvedAfterMs: 12 * 60_000 }, result: { diagnosis: explainWithRules(finding, 'en'), source: { kind: 'rules', reason: 'no-llm' } }, language: 'en' });
    expect(resolved.text).toMatch(/^Resolved after 12 min · onprem-lab · /);
  });

  it('shows two items per list, each kubectl command once, the log lines, and the rest in the thread', () => {
    const finding = findingOf(caseA());
    const step = (text: string, command?: string) => ({ text, ...(command === undefined ? {} : { command }) });
    const logs = 'kubectl logs test-deployment-f4955dc4d-95wrl -n k8s-and-chatgpt --previous';
    const diagnosis: Diagnosis = {
      ...SEED_ANSWER_A_JA,
      causes: ['c1', 'c2', 'c3'],
      debugSteps: [step('read the log', logs), step('describe', 'kubectl describe pod x'), step('events', 'kubectl get events')],
      fixes: [step('read the log again', logs), step('f2')],
    };
    const message = renderIncidentMessage({
      incident: { ...incident(finding), logLines: { lines: ['starting', 'error: no command given, exiting'] } },
      result: { diagnosis, source: { kind: 'rules', reason: 'no-llm' } },
      language: 'en',
    });
    const json = JSON.stringify(message.blocks);
    expect(json.split(logs)).toHaveLength(2);
    expect(json).toContain('c2');
    expect(json).not.toContain('c3');
    expect(json).not.toContain('kubectl get events');
    expect(json).toContain('…and 1 more in the thread');
    expect(json).toContain('error: no command given, exiting');
    const full = JSON.stringify(renderFullDiagnosis({ diagnosis, source: { kind: 'rules', reason: 'no-llm' } }, 'en')?.blocks);
    for (const text of ['c3', 'kubectl get events', 'f2']) expect(full).toContain(text);
    expect(renderFullDiagnosis({ diagnosis: { ...diagnosis, causes: ['c1'], debugSteps: [], fixes: [] }, source: { kind: 'rules', reason: 'no-llm' } }, 'en')).toBeUndefined();
  });

  it('edits the header when resolved and drops the buttons', () => {
    const finding = findingOf(caseA());
    const message = renderIncidentMessage({ incident: { ...incident(finding), resolvedAfterMs: 12 * 60_000 }, result: { diagnosis: explainWithRules(finding, 'en'), source: { kind: 'rules', reason: 'no-llm' } }, language: 'en' });
    expect(message.blocks[0]).toMatchObject({ text: { text: ':white_check_mark: Resolved after 12 min · CrashLoopBackOff · Deployment test-deployment' } });
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    const ja = renderIncidentMessage({ incident: { ...incident(finding), resolvedAfterMs: 90 * 60_000 }, result: { diagnosis: SEED_ANSWER_A_JA, source: { kind: 'rules', reason: 'no-llm' } }, language: 'ja' });
    expect(ja.blocks[0]).toMatchObject({ text: { text: ':white_check_mark: 1時間30分で解決 · CrashLoopBackOff · Deployment test-deployment' } });
  });
});

describe('renderEvidenceReply', () => {
  it('puts each section in a closed code block, redacted, keeping the last log lines', () => {
    const log = Array.from({ length: 200 }, (_, i) => `line ${i} ${i === 199 ? 'password=hunter2 fatal: boom' : ''}`);
    const message = renderEvidenceReply(
      { sections: [{ title: 'Events', lines: ['Warning BackOff (x209): Back-off restarting failed container ubuntu'] }, { title: 'Previous log of container "ubuntu"', lines: log }], clusterShape: { controlPlaneNodes: 2, workerNodes: 3, kubernetesVersion: 'v1.26.1' } },
      'en',
    );
    assertWithinSlackLimits(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('fatal: boom');
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain('line 0 ');
    expect(json).toContain('175 more lines');
  });
});

describe('renderFollowupAnswer', () => {
  it('turns Markdown into mrkdwn, splits long answers and redacts', () => {
    const text = `## Why\n**It exits** at once: see [docs](https://kubernetes.io/docs).\n\`\`\`\n${'kubectl logs x\n'.repeat(400)}\`\`\`\nAWS key AKIAIOSFODNN7EXAMPLE <!here>`;
    const message = renderFollowupAnswer({ text, source: { kind: 'llm', model: 'gpt-4o-mini', cached: false } }, 'en');
    assertWithinSlackLimits(message);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('*Why*');
    expect(json).toContain('*It exits*');
    expect(json).toContain('docs (<https://kubernetes.io/docs>)');
    expect(json).toContain('&lt;!here&gt;');
    expect(json).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(message.blocks.length).toBeGreaterThan(2);
  });

  it('never lets a link smuggle a mention into the answer', () => {
    const message = renderFollowupAnswer({ text: 'see [this](https://evil.example/<!channel>) now', source: { kind: 'llm', model: 'gpt-4o-mini', cached: false } }, 'en');
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });
});
