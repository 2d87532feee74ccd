import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiagnoser } from '../../src/diagnose/createDiagnoser.js';
import { createIncidentHandler } from '../../src/worker/createIncidentHandler.js';
import { findingOf, incidentJob, startHarness, type Harness } from '../slack/harness.js';
import { caseA } from '../slack/seedCases.js';

const OPS = 'C0OPS';
let h: Harness;

beforeEach(async () => {
  h = await startHarness('post-after-5xx', caseA());
});
afterEach(async () => h.close());

const topLevel = () => h.slack.messages(OPS).filter((m) => m.thread_ts === undefined);

describe('a 5xx after Slack stored the message does not post twice (issue 13, item 9)', () => {
  it('fails the attempt instead of re-sending it, and the job retry finds the stored post', async () => {
    const handle = createIncidentHandler({ poster: h.poster, store: h.store, diagnoser: createDiagnoser({ logger: h.logger }), readSnapshot: h.readSnapshot, defaultChannel: OPS, logger: h.logger, now: () => h.clock.now });
    // The harness client retries up to 3 times: a 5xx must not be one of the retried cases.
    h.slack.fail('chat.postMessage', { serverError: { status: 503, stored: true } });
    await expect(handle(incidentJob(findingOf(caseA())))).rejects.toThrow(/http_error/);
    expect(topLevel()).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);

    await handle(incidentJob(findingOf(caseA()))); // BullMQ's retry of the job
    expect(topLevel()).toHaveLength(1);
    expect(h.slack.callsTo('conversations.history')).toHaveLength(1);
    expect((await h.store.current('fp-case-a'))?.ts).toBe(topLevel()[0]?.ts);
  });

  it('a 5xx before anything was stored is retried by the next job attempt and posts once', async () => {
    const handle = createIncidentHandler({ poster: h.poster, store: h.store, diagnoser: createDiagnoser({ logger: h.logger }), readSnapshot: h.readSnapshot, defaultChannel: OPS, logger: h.logger, now: () => h.clock.now });
    h.slack.fail('chat.postMessage', { serverError: { status: 500, stored: false } });
    await expect(handle(incidentJob(findingOf(caseA())))).rejects.toThrow(/http_error/);
    await handle(incidentJob(findingOf(caseA())));
    expect(topLevel()).toHaveLength(1);
  });
});
