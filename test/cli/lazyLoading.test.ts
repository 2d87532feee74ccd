import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../e2e/spawnBot.js';
import { killAllChildren } from '../helpers/childProcesses.js';
import { ROOT } from './runCli.js';

const run = promisify(execFile);
const TRACE = new URL('../helpers/importTrace/register.mjs', import.meta.url).href;
/** The libraries that take longest to load; `npm run bench:startup` measures what this buys. */
const HEAVY = ['@slack/bolt', 'bullmq', 'openai', '@kubernetes/client-node', 'js-tiktoken', 'ioredis', 'prom-client', 'pino'];

/** The npm packages `node dist/cli.js ...args` imports. */
async function packagesImportedBy(args: string[]): Promise<string[]> {
  const { stderr } = await run(process.execPath, ['--import', TRACE, '--', CLI, ...args], { cwd: ROOT, timeout: 60_000 });
  return [...stderr.matchAll(/^imported (\S+)$/gm)].map((match) => match[1] ?? '');
}

/** Each command loads only the libraries it needs, so that the CLI starts fast. */
describe('what each command loads', () => {
  afterEach(killAllChildren);

  it('--version and analyze --file load none of the bot libraries', async () => {
    const [version, analyze] = await Promise.all([packagesImportedBy(['--version']), packagesImportedBy(['analyze', '--file', 'examples/case-a-crashloop.json'])]);
    expect(version).toContain('commander');
    expect(version).not.toContain('zod');
    for (const name of HEAVY) {
      expect(version, `--version loads ${name}`).not.toContain(name);
      expect(analyze, `analyze --file loads ${name}`).not.toContain(name);
    }
  });
});
