import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** Dockerfile instructions grouped by stage; continuation lines joined, comments dropped. */
function parseDockerfile(text: string): { args: Map<string, string>; stages: Stage[] } {
  const lines = text.replace(/\\\r?\n/g, ' ').split('\n').map((line) => line.trim());
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    if (line === '' || line.startsWith('#')) continue;
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const [from = '', , name] = rest;
      stages.push({ name: name ?? String(stages.length), from, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [key = '', value = ''] = instruction.args.split('=');
      args.set(key, value);
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages.at(-1);
const last = (keyword: string): string | undefined =>
  runtime?.instructions.filter((instruction) => instruction.keyword === keyword).at(-1)?.args;
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

describe('Dockerfile', () => {
  it('builds in stages on a current Node LTS slim image', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const version = Number(dockerfile.args.get('NODE_VERSION'));
    expect(version % 2, 'even Node majors are the LTS lines').toBe(0);
    expect(version).toBeGreaterThanOrEqual(22);
    for (const stage of dockerfile.stages) expect(stage.from).toBe('node:${NODE_VERSION}-bookworm-slim');
  });

  it('ships only production dependencies and the compiled code, never the sources', () => {
    const copies = runtime?.instructions.filter((instruction) => instruction.keyword === 'COPY').map((i) => i.args) ?? [];
    const modules = copies.find((args) => args.endsWith('./node_modules'));
    const depsStage = dockerfile.stages.find((stage) => modules?.startsWith(`--from=${stage.name} `));
    expect(depsStage?.instructions.map((i) => i.args)).toContain('npm ci --omit=dev --no-audit --no-fund');
    const buildStage = dockerfile.stages.find((stage) => stage.instructions.some((i) => i.args === 'npm run build'));
    expect(copies).toContain(`--from=${buildStage?.name} /app/dist ./dist`);
    expect(copies).toContain('templates ./templates');
    expect(copies).toContain('examples ./examples');
    expect(copies.some((args) => args.includes('src'))).toBe(false);
  });

  it('runs as the non-root node user (uid 1000) what package.json names as its binary', () => {
    expect(last('USER')).toBe('1000:1000');
    expect(JSON.parse(last('ENTRYPOINT') ?? '[]')).toEqual(['node', '--', packageJson.bin['k8s-diagnose']]);
    expect(JSON.parse(last('CMD') ?? '[]')).toEqual(['start']);
    expect(last('EXPOSE')).toBe('3000');
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', '.env']));
    const sources = dockerfile.stages
      .flatMap((stage) => stage.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'templates', 'examples']));
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(ignored, `${source} is copied but ignored`).not.toContain(source);
    }
  });

  describe('HEALTHCHECK', () => {
    let status = 200;
    const server = createServer((request, response) => {
      response.statusCode = request.url === '/healthz' ? status : 404;
      response.end();
    });
    beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const healthcheck = /\bCMD (\[.*\])$/.exec(last('HEALTHCHECK') ?? '')?.[1];
    /** Runs the image's health check command, as Docker would, against PORT; its exit code. */
    const check = async (port: number): Promise<number> => {
      const [command = '', ...args] = JSON.parse(healthcheck ?? '[]') as string[];
      try {
        await run(command, args, { env: { ...process.env, PORT: String(port) }, timeout: 10_000 });
        return 0;
      } catch (error) {
        return (error as { code: number }).code;
      }
    };

    it('is healthy when /healthz answers 200, unhealthy on 503 or when nothing listens', async () => {
      expect(healthcheck).toContain('/healthz');
      const { port } = server.address() as AddressInfo;
      status = 200;
      expect(await check(port)).toBe(0);
      status = 503;
      expect(await check(port)).toBe(1);
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const unused = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      expect(await check(unused)).toBe(1);
    });
  });
});
