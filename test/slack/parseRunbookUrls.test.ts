import { describe, expect, it } from 'vitest';
import { parseRunbookUrls, runbookFor } from '../../src/slack/parseRunbookUrls.js';

describe('RUNBOOK_URLS', () => {
  const rules = parseRunbookUrls(['OOMKilled=https://wiki.example/oom', 'prod-*=https://wiki.example/prod?team=a=b']);

  it('matches the category first in order, then a namespace glob; the URL keeps its own "="', () => {
    expect(runbookFor(rules, { category: 'OOMKilled', namespace: 'prod-eu' })).toBe('https://wiki.example/oom');
    expect(runbookFor(rules, { category: 'CrashLoopBackOff', namespace: 'prod-eu' })).toBe('https://wiki.example/prod?team=a=b');
    expect(runbookFor(rules, { category: 'CrashLoopBackOff', namespace: 'staging' })).toBeUndefined();
  });

  it('refuses an entry without a glob or with a URL that is not http(s), naming it', () => {
    expect(() => parseRunbookUrls(['https://wiki.example/x'])).toThrow(/RUNBOOK_URLS: "https:\/\/wiki.example\/x" is not/);
    expect(() => parseRunbookUrls(['OOMKilled=wiki/oom'])).toThrow(/RUNBOOK_URLS: "OOMKilled=wiki\/oom"/);
  });
});
