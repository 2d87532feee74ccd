import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alertmanagerPayload.js';
import { createAlertStateStore } from '../../src/alerts/createAlertStateStore.js';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import type { IncidentJobData } from '../../src/queue/types.js';
import { renderAlertMessage } from '../../src/slack/renderAlertMessage.js';
import { createAlertHandler } from '../../src/worker/createAlertHandler.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { lockWorkload } from '../../src/worker/lockWorkload.js';
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

describe('one thread per workload, whichever source comes first', () => {
  const states = () => createAlertStateStore({ redis: h.redis, prefix: h.prefix });
  const watcher = (more: Partial<Parameters<typeof createIncidentHandler>[0]> = {}) => createIncidentHandler({ ...common(), defaultChannel: OPS, alertStates: states(), ...more });
  const highErrorRate = () => alert({ namespace: 'k8s-and-chatgpt', deployment: 'test-deployment' }, { labels: { alertname: 'HighErrorRate', severity: 'critical', namespace: 'k8s-and-chatgpt', deployment: 'test-deployment' } });
  const resolvedAt = (a: Alert, minutes: number) => ({ ...a, status: 'resolved' as const, endsAt: new Date(NOW + minutes * 60_000).toISOString() });
  const updates = () => h.slack.callsTo('chat.update').map((c) => JSON.stringify(c.payload.blocks));
  const runIncidentJobs = async () => {
    for (const { job: queued } of incidentJobs.splice(0)) await watcher()(queued);
  };

  it('the watcher\'s incident joins an alert-opened thread; the thread resolves when the alerts and the watcher\'s finding both have', async () => {
    const firing = highErrorRate();
    await alertHandler()(job(firing));
    const [message] = topLevel();
    const host = await h.store.currentOfWorkload({ cluster: 'onprem-lab', namespace: 'k8s-and-chatgpt', workload: 'Deployment/test-deployment' });
    const crash = findingOf(caseA());
    await watcher()(incidentJob(crash));
    expect(topLevel()).toHaveLength(1);
    const replies = () => h.slack.replies(OPS, message?.ts ?? '');
    const joined = replies().filter((m) => m.text.includes('The watcher also sees *CrashLoopBackOff* on this workload'));
    expect(joined).toHaveLength(1);
    // Its diagnosis, without buttons: those act on the thread's message.
    expect(JSON.stringify(joined[0]?.blocks)).toContain('CrashLoopBackOff · Deployment test-deployment');
    expect(JSON.stringify(joined[0]?.blocks)).not.toContain('"actions"');
    // The thread stays the alert's: follow-ups, the buttons and later alerts find it.
    expect((await h.store.findByThread(OPS, message?.ts ?? ''))?.key).toBe(host?.key);
    expect((await h.store.currentOfWorkload({ cluster: 'onprem-lab', namespace: 'k8s-and-chatgpt', workload: 'Deployment/test-deployment' }))?.key).toBe(host?.key);

    // A later update and a restarted watcher's `new` note in the thread and never edit the alert's message.
    await watcher({ noteIntervalMs: 0 })(incidentJob(crash, { type: 'update', occurrences: 230 }));
    expect(replies().filter((m) => m.text.includes('Still failing: 230'))).toHaveLength(1);
    expect(updates()).toHaveLength(0);

    // The alert resolves first: a line, and the thread stays open for the watcher's finding.
    await alertHandler()(job(resolvedAt(firing, 1)));
    expect(replies().filter((m) => m.text.includes('HighErrorRate* is resolved'))).toHaveLength(1);
    await runIncidentJobs();
    expect(updates()).toHaveLength(0);

    await watcher()(incidentJob(crash, { type: 'resolved', lastSeen: new Date(NOW + 5 * 60_000).toISOString(), resolvedAfterMs: 130 * 60_000 }));
    expect(replies().filter((m) => m.text.includes('The watcher no longer sees *CrashLoopBackOff*'))).toHaveLength(1);
    expect(updates()).toHaveLength(1);
    // Timed from the thread's first alert (1 min before NOW) to the watcher's last sight of it.
    expect(updates()[0]).toMatch(/Resolved after 6 min · HighErrorRate · Deployment test-deployment/);
    expect(topLevel()).toHaveLength(1);
  });

  it('when the watcher\'s finding resolves first, the last alert resolving resolves the thread', async () => {
    const firing = highErrorRate();
    await alertHandler()(job(firing));
    const crash = findingOf(caseA());
    await watcher()(incidentJob(crash));
    await watcher()(incidentJob(crash, { type: 'resolved', resolvedAfterMs: 125 * 60_000 }));
    expect(updates()).toHaveLength(0);
    await alertHandler()(job(resolvedAt(firing, 2)));
    expect(incidentJobs).toHaveLength(1);
    await runIncidentJobs();
    expect(updates()).toHaveLength(1);
    expect(updates()[0]).toMatch(/Resolved after 3 min · HighErrorRate/);
    expect(topLevel()).toHaveLength(1);
  });

  it('an alert that arrives while the watcher\'s first diagnosis of the workload runs waits for it and joins its thread', async () => {
    let started!: () => void;
    const diagnosing = new Promise<void>((resolve) => {
      started = resolve;
    });
    // The cluster answers the watcher slowly: its diagnosis is still running when the alert arrives.
    const slowWatcher = watcher({
      readSnapshot: async (options) => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 400));
        return h.readSnapshot(options);
      },
    });
    const first = slowWatcher(incidentJob(findingOf(caseA())), 'incident-job-1');
    await diagnosing;
    await alertHandler()(job(alert({ namespace: 'k8s-and-chatgpt', pod: POD })), 'alert-job-1');
    await first;
    expect(topLevel()).toHaveLength(1);
    expect(h.slack.replies(OPS, topLevel()[0]?.ts ?? '').filter((m) => m.text.includes('KubePodCrashLooping* is firing for this workload'))).toHaveLength(1);
  });

  it('a watcher job that finds the workload held by an alert job retries later, then joins', async () => {
    const release = await lockWorkload(h.store, { cluster: 'onprem-lab', namespace: 'k8s-and-chatgpt', workload: 'Deployment/test-deployment' }, 'alert-job-9');
    await expect(watcher()(incidentJob(findingOf(caseA())), 'incident-job-2')).rejects.toThrow(/being handled by another job/);
    await release();
    await alertHandler()(job(highErrorRate()), 'alert-job-9');
    await watcher()(incidentJob(findingOf(caseA())), 'incident-job-2');
    expect(topLevel()).toHaveLength(1);
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
