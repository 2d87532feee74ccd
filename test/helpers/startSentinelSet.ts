import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitUntil } from '../e2e/spawnBot.js';
import { redisAnswers } from './redis.js';

/** A real primary, a replica and three sentinels on loopback, for failover tests. */
export interface SentinelSet {
  /** `REDIS_SENTINELS` for the bot. */
  sentinels: string;
  name: string;
  primaryPort: number;
  replicaPort: number;
  /** SIGKILLs the primary: the sentinels promote the replica after `down-after-milliseconds`. */
  killPrimary(): void;
  /** The port of the master the sentinels name now. */
  masterPort(): Promise<number>;
  close(): Promise<void>;
}

const NAME = 'kdbtest';

/** Starts the five processes and waits until the sentinels know the replica and each other. */
export async function startSentinelSet(options: { downAfterMs?: number } = {}): Promise<SentinelSet> {
  const dir = mkdtempSync(join(tmpdir(), 'kdb-sentinel-'));
  const children: ChildProcess[] = [];
  const start = (args: string[]): ChildProcess => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const server = (port: number, more: string[] = []) =>
    start(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `dump-${port}.rdb`, ...more]);
  const ping = (port: number): Promise<boolean> => redisAnswers(`redis://127.0.0.1:${port}`);
  const ask = async <T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> => {
    const client = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      return await run(client);
    } finally {
      client.disconnect();
    }
  };
  const close = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const primaryPort = await freePort();
    const replicaPort = await freePort();
    const primary = server(primaryPort);
    server(replicaPort, ['--replicaof', '127.0.0.1', String(primaryPort)]);
    const sentinelPorts = [await freePort(), await freePort(), await freePort()];
    await waitUntil(async () => (await ping(primaryPort)) && (await ping(replicaPort)), 10_000, 'redis servers');
    for (const port of sentinelPorts) {
      const file = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${NAME} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${NAME} ${options.downAfterMs ?? 1000}`,
          `sentinel failover-timeout ${NAME} 5000`,
          `sentinel parallel-syncs ${NAME} 1`,
          '',
        ].join('\n'),
      );
      start([file, '--sentinel']);
    }
    // A failover needs the replica linked and every sentinel aware of it and of the others.
    await waitUntil(async () => (await ask(replicaPort, (c) => c.info('replication'))).includes('master_link_status:up'), 10_000, 'replica link');
    for (const port of sentinelPorts) {
      await waitUntil(
        async () => {
          if (!(await ping(port))) return false;
          const master = (await ask(port, (c) => c.call('SENTINEL', 'MASTER', NAME))) as string[];
          const field = (name: string) => master[master.indexOf(name) + 1];
          return field('num-slaves') === '1' && field('num-other-sentinels') === '2';
        },
        15_000,
        `sentinel ${port} to see the replica and the other sentinels`,
      );
    }
    return {
      sentinels: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(','),
      name: NAME,
      primaryPort,
      replicaPort,
      killPrimary: () => primary.kill('SIGKILL'),
      masterPort: async () => {
        for (const port of sentinelPorts) {
          try {
            const [, masterPort] = (await ask(port, (c) => c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME))) as string[];
            return Number(masterPort);
          } catch {
            // Ask the next sentinel.
          }
        }
        throw new Error('no sentinel answers');
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
