import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../src/config.js';
import { freePort, spawnBot, START_TIMEOUT_MS, stopAllBots } from '../e2e/spawnBot.js';
import { startFakeKube, type FakeKube } from '../fakes/kube.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack.js';
import { killAllChildren } from '../helpers/childProcesses.js';
import { REDIS_URL, testPrefix } from '../helpers/redis.js';
import { runCli } from './runCli.js';

/** The compiled CLI: these tests start many processes, tsx would take seconds for each. */
const built = { built: true };

/** Every failure at start: one line that names the cause and the setting, exit 1, no stack. */
describe('k8s-diagnose start: failures at start', { timeout: START_TIMEOUT_MS + 30_000 }, () => {
  let kube: FakeKube;
  let slack: FakeSlack;
  let busy: Server;
  const dir = mkdtempSync(join(tmpdir(), 'kdb-start-fail-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const notYaml = join(dir, 'not-yaml');

  beforeAll(async () => {
    kube = await startFakeKube([]);
    kube.writeKubeconfig(kubeconfig);
    writeFileSync(notYaml, 'clusters: [ {name: broken\n');
    slack = await startFakeSlack();
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '0.0.0.0', resolve));
  });
  afterEach(async () => {
    await killAllChildren();
    await stopAllBots();
  });
  afterAll(async () => {
    await Promise.all([kube.close(), slack.close(), new Promise((resolve) => busy.close(resolve))]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** A working set of settings, every other setting blank so the runner's own cannot leak in. */
  const env = async (more: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> => ({
    ...Object.fromEntries(SETTING_NAMES.map((name) => [name, ''])),
    SLACK_BOT_TOKEN: 'xoxb-start',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_OPS_CHANNEL: 'C0OPS',
    SLACK_API_URL: slack.url,
    KUBECONFIG: kubeconfig,
    REDIS_URL,
    REDIS_PREFIX: testPrefix('start-fail'),
    PORT: String(await freePort()),
    DEBUG: '',
    ...more,
  });
  const closedPort = async (): Promise<number> => freePort();
  const busyPort = (): number => (busy.address() as { port: number }).port;

  it('names the setting of each cause in one line and exits 1', async () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['Slack unreachable', { SLACK_API_URL: `http://127.0.0.1:${await closedPort()}/api/` }, /cannot reach Slack .*connection refused.*check SLACK_API_URL/],
      ['Redis unreachable', { REDIS_URL: `redis://127.0.0.1:${await closedPort()}` }, /cannot reach Redis at 127\.0\.0\.1:\d+ \(connection refused\).*check REDIS_URL/],
      ['Redis database out of range', { REDIS_URL: `${REDIS_URL.replace(/\/\d*$/, '')}/999` }, /no database 999.*check REDIS_URL/],
      ['PORT in use', { PORT: String(busyPort()) }, /port \d+ is already in use.*check PORT/],
      ['kubeconfig not YAML', { KUBECONFIG: notYaml }, new RegExp(`kubeconfig ${notYaml} is not valid YAML.*KUBECONFIG`)],
    ];
    const results = await Promise.all(cases.map(async ([, more]) => runCli(['start'], await env(more), built)));
    results.forEach((result, at) => {
      const [name, , pattern] = cases[at] ?? [];
      expect(result.stderr.trim().split('\n'), `${String(name)}: ${result.stderr}`).toHaveLength(1);
      expect(result.stderr, String(name)).toMatch(pattern ?? /never/);
      expect(result.stderr, String(name)).toMatch(/^k8s-diagnose: cannot start: /);
      expect(result.code, String(name)).toBe(1);
    });
  });

  it('says why Slack refused the token, and shows the stack with DEBUG=1', async () => {
    slack.fail('auth.test', { error: 'invalid_auth' }, 2);
    const [plain, debug] = await Promise.all([runCli(['start'], await env(), built), runCli(['start'], await env({ DEBUG: '1' }), built)]);
    expect(plain.stderr.trim()).toBe('k8s-diagnose: cannot start: Slack refused the bot token (invalid_auth) (check SLACK_BOT_TOKEN)');
    expect(plain.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('refuses a missing --env-file in its own words (exit 2)', async () => {
    const result = await runCli(['start', '--env-file', join(dir, 'missing.env')], await env(), built);
    expect(result.stderr.trim()).toBe(`k8s-diagnose: --env-file: ${join(dir, 'missing.env')} does not exist`);
    expect(result.code).toBe(2);
  });

  it('starts when the LLM cannot be reached, and says the answers are rule-based until it can', async () => {
    const bot = await spawnBot(
      Object.fromEntries(Object.entries(await env({ OPENAI_API_KEY: 'sk-start', OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1` })).filter(([, v]) => v !== '')) as Record<string, string>,
      ['--role', 'worker'],
    );
    expect(bot.output()).toMatch(/cannot reach the LLM at http:\/\/127\.0\.0\.1:\d+\/v1 \(connection refused\): check OPENAI_BASE_URL; answers are rule-based until it can be reached/);
  });
});
