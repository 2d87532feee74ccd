import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAllChildren } from '../helpers/childProcesses.js';
import { SETTING_NAMES } from '../../src/config.js';
import { runCli } from './runCli.js';

/** Every setting blank (blank counts as unset), so the runner's own environment cannot leak in. */
const clean = (more: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...Object.fromEntries(SETTING_NAMES.map((name) => [name, ''])), ...more });
const dir = mkdtempSync(join(tmpdir(), 'kdb-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('k8s-diagnose start', () => {
  // A command that hangs is killed even when its test timed out.
  afterEach(killAllChildren);

  it('lists every setting with its default in --help', async () => {
    const result = await runCli(['start', '--help'], clean());
    expect(result.code).toBe(0);
    for (const name of SETTING_NAMES) expect(result.stdout).toContain(name);
    expect(result.stdout).toContain('REDIS_URL');
    expect(result.stdout).toMatch(/REDIS_URL\s+.*\(default: redis:\/\/127\.0\.0\.1:6379\)/);
  });

  it('names each missing or bad setting on its own line and exits 2', async () => {
    const result = await runCli(['start'], clean({ PORT: 'http', BOT_LANGUAGE: 'de' }));
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines.map((line) => line.replace(/^k8s-diagnose: /, '').split(':')[0])).toEqual([
      'BOT_LANGUAGE',
      'PORT',
      'SLACK_BOT_TOKEN',
      'SLACK_OPS_CHANNEL',
      'SLACK_SIGNING_SECRET',
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads --env-file, with variables already set winning over it', async () => {
    const file = join(dir, 'bot.env');
    writeFileSync(file, 'SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_OPS_CHANNEL=C0FILE\nSLACK_SIGNING_SECRET=s\nPORT=not-a-port\n');
    const fromFile = await runCli(['start', '--role', 'worker', '--env-file', file], clean());
    // Only the bad PORT of the file is left to complain about.
    expect(fromFile.stderr.trim()).toMatch(/^k8s-diagnose: PORT: /);
    expect(fromFile.code).toBe(2);
    const overridden = await runCli(['start', '--role', 'worker', '--env-file', file], clean({ PORT: 'from-env' }));
    expect(overridden.stderr).toContain('(got "from-env")');
    expect(overridden.code).toBe(2);
  });

  it('refuses an unknown role with the list of roles', async () => {
    const result = await runCli(['start', '--role', 'leader'], clean());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/all, watcher, worker, slack|"all", "watcher", "worker", "slack"/);
  });
});
