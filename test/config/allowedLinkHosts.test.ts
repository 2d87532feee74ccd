import { describe, expect, it } from 'vitest';
import { allowedLinkHosts } from '../../src/run/allowedLinkHosts.js';

describe('allowedLinkHosts', () => {
  it('adds the hosts of the configured runbooks to SLACK_LINK_HOSTS, each once', () => {
    expect(
      allowedLinkHosts({
        SLACK_LINK_HOSTS: ['grafana.example.com', 'wiki.example.com'],
        RUNBOOK_URLS: ['OOMKilled=https://wiki.example.com/oom', 'prod-*=https://runbooks.internal:8443/prod?x=1'],
      }),
    ).toEqual(['grafana.example.com', 'wiki.example.com', 'runbooks.internal']);
  });

  it('is empty when neither is set: no link is clickable', () => {
    expect(allowedLinkHosts({ SLACK_LINK_HOSTS: [], RUNBOOK_URLS: [] })).toEqual([]);
  });
});
