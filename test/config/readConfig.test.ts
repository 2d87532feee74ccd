import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, SETTING_NAMES } from '../../src/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_OPS_CHANNEL: 'C123', SLACK_SIGNING_SECRET: 'secret' };

function problemsOf(env: NodeJS.ProcessEnv, role?: Parameters<typeof readConfig>[1]): string[] {
  try {
    readConfig(env, role);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('readConfig', () => {
  it('applies defaults and parses lists, numbers and booleans', () => {
    const config = readConfig({ ...minimal, WATCH_NAMESPACES: 'prod-*, staging,', ANONYMIZE_NAMES: 'yes', PORT: '8080' });
    expect(config.WATCH_NAMESPACES).toEqual(['prod-*', 'staging']);
    expect(config.EXCLUDE_NAMESPACES).toEqual([]);
    expect(config.ANONYMIZE_NAMES).toBe(true);
    expect(config.PORT).toBe(8080);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.BOT_LANGUAGE).toBe('en');
    expect(config.OPENAI_API_KEY).toBeUndefined();
  });

  it('names every bad or missing setting on its own line', () => {
    const problems = problemsOf({ PORT: 'eighty', BOT_LANGUAGE: 'fr', REDIS_URL: 'not a url' });
    expect(problems.map((line) => line.split(':')[0])).toEqual([
      'REDIS_URL',
      'BOT_LANGUAGE',
      'PORT',
      'SLACK_BOT_TOKEN',
      'SLACK_OPS_CHANNEL',
      'SLACK_SIGNING_SECRET',
    ]);
  });

  it('reads REDIS_SENTINELS as host:port pairs and names a malformed one', () => {
    const config = readConfig({ ...minimal, REDIS_SENTINELS: 'sentinel-0:26379, [::1]:26380,' });
    expect(config.REDIS_SENTINELS).toEqual([{ host: 'sentinel-0', port: 26379 }, { host: '::1', port: 26380 }]);
    expect(config.REDIS_SENTINEL_NAME).toBe('mymaster');
    expect(readConfig(minimal).REDIS_SENTINELS).toEqual([]);
    expect(problemsOf({ ...minimal, REDIS_SENTINELS: 'sentinel-0' })).toEqual([expect.stringMatching(/^REDIS_SENTINELS: host:port, comma-separated/)]);
  });

  it('asks each role only for what it uses', () => {
    expect(problemsOf({}, 'watcher')).toEqual([]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'x', SLACK_OPS_CHANNEL: 'C1' }, 'worker')).toEqual([]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'x', SLACK_APP_TOKEN: 'xapp-1' }, 'slack')).toEqual([]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'x' }, 'slack')).toEqual([
      'SLACK_SIGNING_SECRET: required for HTTP events (or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
  });

  it('wants an investigation budget that leaves room for a tool round and the answer', () => {
    expect(readConfig(minimal)).toMatchObject({ LLM_INVESTIGATE: 'followups', LLM_MAX_TOOL_ROUNDS: 6, LLM_INVESTIGATION_BUDGET: 12_000 });
    expect(problemsOf({ ...minimal, LLM_TOKEN_BUDGET: '6000', LLM_INVESTIGATION_BUDGET: '12000' })).toEqual([
      'LLM_INVESTIGATION_BUDGET: at least 3 × LLM_TOKEN_BUDGET (18000), or LLM_INVESTIGATE=off (got 12000)',
    ]);
    expect(problemsOf({ ...minimal, LLM_TOKEN_BUDGET: '6000', LLM_INVESTIGATE: 'off' })).toEqual([]);
    expect(problemsOf({ ...minimal, LLM_INVESTIGATE: 'sometimes' })[0]).toMatch(/^LLM_INVESTIGATE: /);
  });

  it('treats an empty variable as unset', () => {
    expect(readConfig({ ...minimal, OPENAI_API_KEY: '', PORT: '' }).PORT).toBe(3000);
  });

  it('keeps the setting names of the design contract', () => {
    for (const name of [
      'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_OPS_CHANNEL', 'SLACK_API_URL',
      'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL', 'REDIS_URL', 'KUBECONFIG', 'CLUSTER_NAME',
      'BOT_LANGUAGE', 'PORT', 'WATCH_NAMESPACES', 'EXCLUDE_NAMESPACES', 'ALLOWED_NAMESPACES',
    ]) {
      expect(SETTING_NAMES).toContain(name);
    }
  });
});
