import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alertmanagerPayload.js';
import { createAlertStateStore } from '../../src/alerts/createAlertStateStore.js';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import { renderAlertMessage } from '../../src/slack/renderAlertMessage.js';
import { createAlertHandler } from '../../src/worker/createAlertHandler.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { findingOf, incidentJob, startHarness, type Harness } from '../slack/harness.js';
import { caseA, NOW } from '../slack/seedCases.js';

const OPS = 'C0OPS';
const POD = 'test-deployment-f4955dc4d-95wrl';
let h: Harness;
let incidentJobs: { job: IncidentJobData; jobId: string }[];

beforeEach(async () => {
  h = await startHarness('alert-handler', caseA());
  incidentJobs = [];
});
afterEach(async () => h.close());

const common = () => ({ poster: h.poster, store: h.store, diagnoser: createDiagnoser({ logger: h.logger }), readSnapshot: h.readSnapshot, logs: h.logs, logger: h.logger, now: () => h.clock.now });
const alertHandler = () =>
  createAlertHandler({
    ...common(),
    cluster: 'onprem-lab',
    defaultChannel: OPS,
    states: createAlertStateStore({ redis: h.redis, prefix: h.prefix }),
    enqueueIncident: async (job, jobId) => {
      incidentJobs.push({ job, jobId });
    },
  });
const alert = (labels: Record<string, string>, more: Partial<Alert> = {}): Alert => ({
  status: 'firing',
  labels: { alertname: 'KubePodCrashLooping', severity: 'warning', ...labels },
  annotations: { summary: 'Pod is crash looping.' },
  startsAt: new Date(NOW - 60_000).toISOString(),
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: '',
  fingerprint: `fp-${Object.values(labels).join('-')}`,
  ...more,
});
const job = (...alerts: Alert[]) => ({ alerts, externalURL: 'http://am:9093' });
const topLevel = () => h.slack.messages(OPS).filter((m) => m.thread_ts === undefined);

describe('alert handler', () => {
  it('joins the watcher thread of the workload, once, and notes when its alerts resolve', async () => {
    await createIncidentHandler({ ...common(), defaultChannel: OPS })(incidentJob(findingOf(caseA())));
    const [watcher] = topLevel();
    const handle = alertHandler();
    const firing = alert({ namespace: 'k8s-and-chatgpt', pod: POD });
    await handle(job(firing));
    await handle(job(firing)); // Alertmanager's repeat
    expect(topLevel()).toHaveLength(1);
    const notes = () => h.slack.replies(OPS, watcher?.ts ?? '').map((m) => m.text);
    expect(notes().filter((t) => t.includes('KubePodCrashLooping* is firing for this workload'))).toHaveLength(1);

    await handle(job({ ...firing, status: 'resolved', endsAt: new Date(NOW).toISOString() }));
    expect(notes().filter((t) => t.includes('is resolved'))).toHaveLength(1);
    expect(incidentJobs).toHaveLength(0); // the watcher resolves its own incident
  });

  it('opens an incident for an alert about a healthy object, and resolves it through the incidents queue', async () => {
    const handle = alertHandler();
    const firing = alert({ namespace: 'k8s-and-chatgpt', deployment: 'test-deployment', pod: 'kps-kube-state-metrics-6d9f7c-x2x4q' }, { labels: { alertname: 'HighErrorRate', severity: 'critical', namespace: 'k8s-and-chatgpt', deployment: 'test-deployment' } });
    await handle(job(firing));
    const [message] = topLevel();
    expect(message?.text).toContain('CRITICAL HighErrorRate · Deployment test-deployment');
    const record = await h.store.currentOfWorkload({ cluster: 'onprem-lab', namespace: 'k8s-and-chatgpt', workload: 'Deployment/test-deployment' });
    expect(record?.alert?.alertname).toBe('HighErrorRate');
    expect(record?.evidence.sections[0]?.lines.join('\n')).toContain('HighErrorRate firing since');

    await handle(job({ ...firing, status: 'resolved', endsAt: new Date(NOW).toISOString() }));
    expect(incidentJobs.map((j) => j.job)).toMatchObject([{ type: 'resolved', fingerprint: record?.fingerprint }]);
    // The incident handler resolves it as it does the watcher's, keeping the alert's header.
    await createIncidentHandler({ ...common(), defaultChannel: OPS })(incidentJobs[0]?.job as IncidentJobData);
    const update = h.slack.callsTo('chat.update').at(-1)?.payload;
    expect(JSON.stringify(update?.blocks)).toMatch(/Resolved after 1 min · HighErrorRate · Deployment test-deployment/);
  });

  it('still resolves its own incident after a watcher incident of the same workload was posted since', async () => {
    const handle = alertHandler();
    const firing = alert({ namespace: 'k8s-and-chatgpt', deployment: 'test-deployment' }, { labels: { alertname: 'HighErrorRate', namespace: 'k8s-and-chatgpt', deployment: 'test-deployment' } });
    await handle(job(firing));
    const own = await h.store.currentOfWorkload({ cluster: 'onprem-lab', namespace: 'k8s-and-chatgpt', workload: 'Deployment/test-deployment' });
    await createIncidentHandler({ ...common(), defaultChannel: OPS })(incidentJob(findingOf(caseA())));
    expect(topLevel()).toHaveLength(2);
    await handle(job({ ...firing, status: 'resolved', endsAt: new Date(NOW).toISOString() }));
    expect(incidentJobs.map((j) => j.job)).toMatchObject([{ type: 'resolved', fingerprint: own?.fingerprint }]);
  });

  it('posts an alert about no object without cluster evidence', async () => {
    await alertHandler()(job(alert({}, { labels: { alertname: 'PrometheusRuleFailures', severity: 'critical' } })));
    const [message] = topLevel();
    expect(message?.text).toContain('PrometheusRuleFailures · Alert PrometheusRuleFailures');
    const record = await h.store.currentOfWorkload({ cluster: 'onprem-lab', namespace: '', workload: 'Alert/PrometheusRuleFailures' });
    expect(record?.evidence.sections.map((s) => s.title)).toEqual(['Prometheus alerts']);
  });
});

describe('renderAlertMessage', () => {
  const base = { text: 'x', blocks: [{ type: 'header' as const, text: { type: 'plain_text' as const, text: 'old' } }] };
  const view = { alertname: 'X', severity: 'warning', summary: '<!channel> look', description: 'password=hunter2', runbookUrl: 'https://runbooks/x|<!here>', generatorURL: 'javascript:alert(1)' };

  it('escapes and redacts annotations and never lets a link smuggle a mention', () => {
    const text = JSON.stringify(renderAlertMessage(base, view, { workload: 'Deployment/web', language: 'en' }).blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('javascript:');
    expect(text).toContain('<https://runbooks/x%7C%3C!here%3E|Runbook>');
  });
});

describe('alert states', () => {
  it('keep at most maxAlerts per thread, dropping resolved ones first, then the oldest', async () => {
    const states = createAlertStateStore({ redis: h.redis, prefix: h.prefix, maxAlerts: 3 });
    const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
    const state = (status: 'firing' | 'resolved', minutes: number) => ({ alertname: 'A', status, startsAt: at(minutes), endsAt: at(minutes + 1) });
    await states.set('t', { old: state('firing', 0), gone: state('resolved', 5), mid: state('firing', 2) });
    await states.set('t', { fresh: state('firing', 9) });
    expect(Object.keys(await states.get('t')).sort()).toEqual(['fresh', 'mid', 'old']);
    await states.set('t', { newest: state('firing', 10) });
    expect(Object.keys(await states.get('t')).sort()).toEqual(['fresh', 'mid', 'newest']);
    expect(await h.redis.ttl(`${h.prefix}:alertstate:t`)).toBeGreaterThan(0);
  });
});
