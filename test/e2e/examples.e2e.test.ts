import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnBot, START_TIMEOUT_MS, stopAllBots, waitUntil } from './spawnBot.js';
import { exampleObjects, startWorld, type World } from './startWorld.js';

const file = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
/** The channel id the shipped examples post to. */
const EXAMPLE_CHANNEL = 'C0123456789';

/** The settings files we ship start the bot as they are, with only the endpoints pointed at the fakes. */
describe('shipped settings files', { timeout: START_TIMEOUT_MS + 60_000 }, () => {
  let world: World | undefined;
  afterEach(async () => {
    await stopAllBots();
    await world?.close();
    world = undefined;
  });

  it.each(['.env.example', 'deploy/kubernetes/common/settings.env'])('starts from %s and posts to its channel', async (path) => {
    world = await startWorld(exampleObjects('case-a-crashloop.json'));
    // The channel and the cluster name come from the file; the endpoints and tokens from the test.
    const fromFile = new Set(['SLACK_OPS_CHANNEL', 'CLUSTER_NAME']);
    const env = Object.fromEntries(Object.entries(world.env({ PORT: String(await freePort()) })).filter(([name]) => !fromFile.has(name)));
    const bot = await spawnBot(env, ['--env-file', file(path)]);
    const w = world;
    const posted = await waitUntil(() => w.slack.messages(EXAMPLE_CHANNEL).find((m) => m.thread_ts === undefined), 60_000, `a post to ${EXAMPLE_CHANNEL}`);
    expect(JSON.stringify(posted.blocks)).toContain('my-cluster');
    expect(bot.output()).not.toMatch(/given by name/);
  });
});
