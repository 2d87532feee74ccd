import { afterEach, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createLlmClient } from '../../src/diagnose/createLlmClient.js';
import { createToolContext } from '../../src/diagnose/tools/createToolContext.js';
import { createObjectReader } from '../../src/kube/createObjectReader.js';
import { createLogReader } from '../../src/kube/podLogs.js';
import { readClusterSnapshot } from '../../src/kube/readClusterSnapshot.js';
import { createLogger } from '../../src/logger.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.js';
import { plantSecrets } from '../security/plantSecrets.js';
import { SECRET_FORMATS, type SecretFormat } from '../security/secretFormats.js';
import { findingOf } from '../slack/harness.js';
import { caseA } from '../slack/seedCases.js';

const NS = 'k8s-and-chatgpt';
const logger = createLogger(process.env.LOG_LEVEL ?? 'silent');
/** Formats per cluster, as in test/security/secretLeaks.test.ts. */
const GROUP = 22;
const groups: SecretFormat[][] = [];
for (let i = 0; i < SECRET_FORMATS.length; i += GROUP) groups.push(SECRET_FORMATS.slice(i, i + GROUP));

let kube: FakeKube | undefined;
let openai: FakeOpenAI | undefined;
afterEach(async () => {
  await Promise.all([kube?.close(), openai?.close()]);
  kube = undefined;
  openai = undefined;
});

describe('investigation and the secret formats', () => {
  it(`keeps every secret format out of what the tools send the model: the pod's YAML (env, sh -c, args, termination message), its events, its previous log, the pod list`, async () => {
    const leaks: string[] = [];
    for (const group of groups) {
      const planted = plantSecrets(caseA(), group.map((f) => f.sample), Date.now());
      kube = await startFakeKube(planted.objects);
      kube.setLog({ namespace: NS, pod: planted.pod, container: 'ubuntu', previous: true }, planted.log);
      openai = await startFakeOpenAI();
      const kc = kube.kubeConfig();
      const context = createToolContext({ reader: createObjectReader(kc), logs: createLogReader(kc), allowNamespace: () => true, readSnapshot: (o) => readClusterSnapshot(kc, { ...o, logger }) });
      const diagnoser = createDiagnoser({
        llm: createLlmClient({ apiKey: 'sk-test', baseURL: openai.url, maxRetries: 0 }),
        logger,
        investigation: { mode: 'followups', context, limits: { maxRounds: 2, budget: 60_000 } },
      });
      openai.script(
        reply.toolCalls(
          { name: 'get', arguments: { kind: 'pod', namespace: NS, name: planted.pod } },
          { name: 'events', arguments: { kind: 'pod', namespace: NS, name: planted.pod } },
          { name: 'logs', arguments: { namespace: NS, pod: planted.pod, previous: true, tailLines: 100 } },
          { name: 'get', arguments: { kind: 'deployment', namespace: NS, name: 'test-deployment' } },
        ),
        reply.text('done'),
      );
      const finding = findingOf(planted.objects);
      await diagnoser.answerFollowup({ finding, evidence: { sections: [], clusterShape: { controlPlaneNodes: 2, workerNodes: 3, kubernetesVersion: '' } }, history: [], question: 'what do the pod, its events and its log say?' });
      const results = (openai.requests[1]?.body.messages ?? []).filter((m) => m.role === 'tool').map((m) => m.content);
      // Every planted place reached the model, redacted: otherwise this test could not see a leak.
      expect(results[0]).toContain('name: PLANTED_0');
      expect(results[0]).toContain('- sh');
      expect(results[1]).toContain('Warning Planted0');
      expect(results[2]).toContain('container ubuntu (previous instance):');
      const sent = openai.requests.map((r) => `${r.raw}\n${r.body.messages.map((m) => m.content ?? '').join('\n')}`).join('\n');
      for (const format of group) if (sent.includes(format.secret)) leaks.push(format.name);
      await Promise.all([kube.close(), openai.close()]);
      kube = undefined;
      openai = undefined;
    }
    expect(leaks).toEqual([]);
  }, 60_000);
});
