import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SETTING_NAMES } from '../../src/config.js';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const known = new Set<string>(SETTING_NAMES);

interface Service {
  image: string;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  env_file?: { path: string; required: boolean }[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  read_only?: boolean;
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const { redis, bot } = compose.services;

/** Why `docker compose` cannot run here, or undefined when it can. */
function composeMissing(): string | undefined {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'the docker CLI or its compose plugin is not installed';
  }
}
const missing = composeMissing();

describe('docker-compose.yml', () => {
  it.skipIf(missing !== undefined)(
    `passes docker compose config${missing === undefined ? '' : ` (skipped: ${missing})`}`,
    () => {
      execFileSync('docker', ['compose', '-f', join(ROOT, 'docker-compose.yml'), 'config', '--quiet'], { cwd: ROOT, stdio: 'pipe' });
    },
  );

  it('runs Redis 7 with a named volume and a health check', () => {
    expect(redis?.image).toMatch(/^redis:7\b/);
    const [volume] = redis?.volumes ?? [];
    expect(volume).toBe('redis-data:/data');
    expect(Object.keys(compose.volumes)).toContain('redis-data');
    expect(redis?.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('starts the bot with every role once Redis is healthy, reading the kubeconfig read-only', () => {
    expect(bot?.image).toBe(`kube-diagnose-bot:${VERSION}`);
    expect(bot?.command).toEqual(['start']);
    expect(bot?.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(bot?.environment?.KUBECONFIG).toBe('/kube/config');
    expect(bot?.volumes?.filter((volume) => volume.endsWith(':/kube/config:ro'))).toHaveLength(1);
    expect(bot?.read_only).toBe(true);
  });

  it('takes settings from an optional .env, and sets only known settings itself', () => {
    expect(bot?.env_file).toEqual([{ path: '.env', required: false }]);
    const names = Object.keys(bot?.environment ?? {});
    expect(names.filter((name) => !known.has(name))).toEqual([]);
    expect(new URL(bot?.environment?.REDIS_URL ?? '').hostname).toBe('redis');
  });
});

describe('.env.example', () => {
  const lines = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n');
  /** Every `NAME=` line, commented out (`# NAME=default`) or not, with its line number. */
  const entries = lines.flatMap((line, at) => {
    const name = /^(?:#\s*)?([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
    return name === undefined ? [] : [{ name, at }];
  });

  it('lists every setting of the config schema once, and nothing else', () => {
    const names = entries.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...SETTING_NAMES].sort());
  });

  it('explains each setting in a comment above it', () => {
    for (const { name, at } of entries) {
      const above = lines[at - 1] ?? '';
      expect(/^# \S/.test(above) && !/^#\s*[A-Z][A-Z0-9_]*=/.test(above), `${name} has no comment`).toBe(true);
    }
  });
});
