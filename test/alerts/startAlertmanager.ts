import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitUntil } from '../e2e/spawnBot.js';
import { trackChild } from '../helpers/childProcesses.js';

/** Debian's `prometheus-alertmanager` (`.ci/run` installs it); ALERTMANAGER_BIN overrides. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

/** A real Alertmanager on loopback whose one receiver is the bot's webhook. */
export interface RunningAlertmanager {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Sends alerts through Alertmanager's own API, as Prometheus does. */
  post(alerts: PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
}

/** An alert as `POST /api/v2/alerts` takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  /** In the past: the alert is resolved. */
  endsAt?: string;
  generatorURL?: string;
}

export interface AlertmanagerOptions {
  /** The bot's `POST /alertmanager` URL. */
  webhookUrl: string;
  token: string;
  /** `group_by` of the route; default every label (`...`): one notification per alert. */
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}

/**
 * Starts `alertmanager` with a temp config and storage, no clustering, on a free loopback port,
 * and waits until it is ready. `stop()` kills it and removes the temp dir; call it in afterAll.
 */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'kdb-am-'));
  const port = await freePort();
  const groupBy = (options.groupBy ?? ['...']).map((l) => JSON.stringify(l)).join(', ');
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    [
      'route:',
      '  receiver: bot',
      `  group_by: [${groupBy}]`,
      `  group_wait: ${options.groupWait ?? '200ms'}`,
      `  group_interval: ${options.groupInterval ?? '500ms'}`,
      `  repeat_interval: ${options.repeatInterval ?? '1s'}`,
      'receivers:',
      '  - name: bot',
      '    webhook_configs:',
      `      - url: ${JSON.stringify(options.webhookUrl)}`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${JSON.stringify(options.token)}`,
      '',
    ].join('\n'),
  );
  // Tracked: killAllChildren (and the test worker's exit) ends it even when a test fails.
  const child = trackChild(spawn(
    ALERTMANAGER_BIN,
    [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  ));
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => {
      if (child.exitCode !== null) throw new Error(`alertmanager exited: ${text}`);
      return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true;
    }, 15_000, 'alertmanager ready');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    child,
    output: () => text,
    async post(alerts) {
      const res = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
      if (!res.ok) throw new Error(`alertmanager refused the alerts: ${res.status} ${await res.text()}`);
    },
    stop,
  };
}
