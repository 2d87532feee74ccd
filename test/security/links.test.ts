import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createSlackClient } from '../../src/slack/createSlackClient.js';
import { createSlackPoster, type SlackPoster } from '../../src/slack/createSlackPoster.js';
import { renderFollowupAnswer } from '../../src/slack/renderFollowupAnswer.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';

const OPS = 'C0OPS';
let slack: FakeSlack;
let poster: SlackPoster;

beforeEach(async () => {
  slack = await startFakeSlack();
  const logger = createLogger('silent');
  poster = createSlackPoster({
    client: createSlackClient('xoxb-test', { slackApiUrl: slack.url, logger, retryConfig: { retries: 0 } }),
    metrics: createMetrics(),
    logger,
    linkHosts: ['grafana.internal', '*.runbooks.example.com'],
  });
});
afterEach(async () => slack.close());

/** An LLM answer as the follow-up handler posts it. */
async function postAnswer(text: string): Promise<{ text: string; blocks: string }> {
  const message = renderFollowupAnswer({ text, source: { kind: 'llm', model: 'gpt-4o-mini', cached: false } }, 'en');
  await poster.post({ ...message, channel: OPS, threadTs: '1.000001' });
  const sent = slack.callsTo('chat.postMessage').at(-1)?.payload;
  return { text: String(sent?.text), blocks: JSON.stringify(sent?.blocks) };
}

/** Every `<…|label>` link in `text` and its target. */
function links(text: string): Array<{ target: string; label: string | undefined }> {
  return [...text.matchAll(/<(https?:\/\/[^|>]+)(?:\|([^>]*))?>/g)].map((m) => ({ target: m[1] ?? '', label: m[2] }));
}

describe('disguised links (issue 13, item 6)', () => {
  it('never lets a link show another URL than its target, and links to unknown hosts are not clickable', async () => {
    const sent = await postAnswer('Open [https://grafana.internal/d/abc](https://evil.example/x) or <https://evil.example/y|https://grafana.internal/d/abc>.');
    for (const text of [sent.text, sent.blocks]) {
      for (const link of links(text)) {
        expect(link.label === undefined || link.label === link.target, JSON.stringify(link)).toBe(true);
        expect(new URL(link.target).hostname).toBe('grafana.internal');
      }
      expect(text).not.toContain('<https://evil');
      expect(text).toContain('hxxps://evil[.]example/x');
    }
  });

  it('keeps links to allowed hosts clickable, with their own URL as text', async () => {
    const sent = await postAnswer('See [the dashboard](https://grafana.internal/d/abc), [https://ops.runbooks.example.com/crash](https://ops.runbooks.example.com/crash) and https://grafana.internal/d/xyz');
    expect(sent.blocks).toContain('the dashboard (<https://grafana.internal/d/abc>)');
    expect(sent.blocks).toContain('<https://ops.runbooks.example.com/crash>');
    expect(sent.blocks).toContain('https://grafana.internal/d/xyz');
    expect(links(sent.blocks).every((l) => l.label === undefined)).toBe(true);
  });

  it('shows bare URLs to other hosts defanged, outside code only', async () => {
    const sent = await postAnswer('Download https://evil.example/fix.sh now; run `curl http://web.default:8080/health` to check.');
    expect(sent.blocks).toContain('hxxps://evil[.]example/fix.sh');
    expect(sent.blocks).toContain('`curl http://web.default:8080/health`');
  });
});
