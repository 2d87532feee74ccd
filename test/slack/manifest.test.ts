import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DIAGNOSE_COMMAND } from '../../src/slack/createSlackApp.js';

interface Manifest {
  features: { slash_commands: { command: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

describe('deploy/slack-app-manifest.yaml', () => {
  const manifest = parse(readFileSync(new URL('../../deploy/slack-app-manifest.yaml', import.meta.url), 'utf8')) as Manifest;

  it('declares exactly the command, events and scopes the app uses', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([DIAGNOSE_COMMAND]);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.channels', 'message.groups']);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'groups:history', 'usergroups:read']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('sends commands, events and button clicks to Bolt\'s one endpoint', () => {
    const urls = [manifest.features.slash_commands[0]?.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    for (const url of urls) expect(url).toMatch(/\/slack\/events$/);
  });
});
