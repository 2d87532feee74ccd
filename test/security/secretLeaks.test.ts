import { afterEach, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { createNamespaceGuard } from '../../src/slack/createNamespaceGuard.js';
import { createFollowupHandler } from '../../src/worker/createFollowupHandler.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { reply, sampleDiagnosis, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { findingOf, incidentJob, startHarness, type Harness } from '../slack/harness.js';
import { caseA } from '../slack/seedCases.js';
import { plantSecrets } from './plantSecrets.js';
import { SECRET_FORMATS, type SecretFormat } from './secretFormats.js';

const OPS = 'C0OPS';
/** Formats per incident: below the 30 event lines and the 50 log lines the evidence keeps. */
const GROUP = 22;
const groups: SecretFormat[][] = [];
for (let i = 0; i < SECRET_FORMATS.length; i += GROUP) groups.push(SECRET_FORMATS.slice(i, i + GROUP));

/** Slack escapes `&`, `<` and `>`; a secret must not survive in either form. */
const unescape = (text: string): string => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

let h: Harness | undefined;
let openai: FakeOpenAI | undefined;
afterEach(async () => {
  await h?.close();
  await openai?.close();
  h = undefined;
  openai = undefined;
});

describe('secret formats', () => {
  it(`keeps ${SECRET_FORMATS.length} formats, planted in env, args, logs, events and termination messages, out of every LLM request and Slack post, answers that echo them included`, async () => {
    expect(SECRET_FORMATS.length).toBeGreaterThanOrEqual(60);
    const leaks: string[] = [];
    for (const [round, group] of groups.entries()) {
      const samples = group.map((f) => f.sample);
      const planted = plantSecrets(caseA(), samples, Date.now());
      h = await startHarness(`security-${round}`, planted.objects);
      h.clock.now = Date.now();
      h.kube.setLog({ namespace: 'k8s-and-chatgpt', pod: planted.pod, container: 'ubuntu', previous: true }, planted.log);
      openai = await startFakeOpenAI();
      // The model echoes every secret back, in the diagnosis and in a follow-up answer.
      openai.script(
        reply.json(
          sampleDiagnosis({
            explanation: `Seen in the evidence: ${samples.join(' | ')}`,
            causes: samples.map((s) => `The log says ${s}`),
            debugSteps: samples.map((s) => ({ text: 'Run it by hand', command: s })),
          }),
        ),
        reply.text(samples.map((s) => `- ${s}`).join('\n')),
      );
      const diagnoser = createDiagnoser({ llm: createLlmClient({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 }), tokenBudget: 60_000, logger: h.logger });
      const deps = { poster: h.poster, store: h.store, diagnoser, readSnapshot: h.readSnapshot, logs: h.logs, logger: h.logger, now: () => h?.clock.now ?? 0 };
      const finding = findingOf(planted.objects);
      await createIncidentHandler({ ...deps, defaultChannel: OPS })(incidentJob(finding, { fingerprint: `fp-security-${round}` }));
      const threadTs = h.slack.messages(OPS).find((m) => m.thread_ts === undefined)?.ts;
      if (threadTs === undefined) throw new Error('no incident post');
      const followups = createFollowupHandler({ ...deps, allowNamespace: createNamespaceGuard(['*']), cluster: 'onprem-lab' });
      await followups({ type: 'question', channel: OPS, user: 'U0PERSON', threadTs, messageTs: '1.1', text: `is this leaked? ${samples[0] ?? ''}` });

      expect(openai.requests).toHaveLength(2);
      const sent = openai.requests.map((r) => `${r.raw}\n${r.body.messages.map((m) => m.content).join('\n')}`).join('\n');
      // Every planted place did reach the prompt, redacted: otherwise this test could not see a leak.
      for (const i of group.keys()) expect(sent).toContain(`Planted${i}`);
      expect(sent).toContain('PLANTED_0=<redacted>');
      expect(sent).toContain(`Previous log of container "ubuntu" (last ${group.length} lines)`);
      expect(sent).toContain('command: [\\"sh\\",\\"-c\\"');
      const posted = unescape(h.slack.calls.map((c) => JSON.stringify(c.payload)).join('\n'));
      // The echoing answers were posted (redacted), so the check below could see a leak in them.
      const answer = unescape(JSON.stringify(h.slack.replies(OPS, threadTs).at(-1) ?? {}));
      expect(answer.match(/<redacted/g)?.length ?? 0).toBeGreaterThanOrEqual(group.length);
      for (const format of group) {
        if (sent.includes(format.secret)) leaks.push(`LLM: ${format.name}`);
        if (posted.includes(format.secret) || posted.includes(JSON.stringify(format.secret).slice(1, -1))) leaks.push(`Slack: ${format.name}`);
      }
      await h.close();
      await openai.close();
      h = undefined;
      openai = undefined;
    }
    expect(leaks).toEqual([]);
  }, 60_000);
});
