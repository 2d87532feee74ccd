import { readFile, stat } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { DumpError } from './DumpError.js';
import { emptySnapshot } from './emptySnapshot.js';
import { snapshotFromObjects } from './snapshotFromObjects.js';
import type { ClusterSnapshot } from './types.js';

/** Largest dump we read: JSON.parse holds the text and the objects in memory at once. */
export const MAX_DUMP_BYTES = 512 * 1024 * 1024;

/** The path that means standard input, as in `kubectl get pods -o json | k8s-diagnose analyze -f -`. */
export const STDIN = '-';

export interface LoadedDump {
  snapshot: ClusterSnapshot;
  /** One line per skipped object kind or unreadable file; the analysis still runs. */
  warnings: string[];
}

function countObjects(snapshot: ClusterSnapshot): number {
  return Object.values(snapshot).reduce((sum: number, list: unknown[]) => sum + list.length, 0);
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}

function tooLarge(path: string, size: number, maxBytes: number): DumpError {
  const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;
  return new DumpError(
    'TOO_LARGE',
    `${path}: ${mb(size)} is over the ${mb(maxBytes)} limit; dump fewer objects (e.g. one namespace with -n, or only pods,events)`,
    path,
  );
}

/** Reads standard input (`--file -`), stopping as soon as it passes the size limit. */
async function readStream(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBytes) throw tooLarge(STDIN, size, maxBytes);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readText(path: string, maxBytes: number, stdin: AsyncIterable<Buffer | string>): Promise<string> {
  if (path === STDIN) return readStream(stdin, maxBytes);
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new DumpError('UNREADABLE', `${path}: is a directory, not a dump file`, path);
    size = info.size;
  } catch (error) {
    if (error instanceof DumpError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DumpError('ENOENT', `${path}: no such file`, path);
    throw new DumpError('UNREADABLE', `${path}: cannot read (${code ?? 'unknown error'})`, path);
  }
  if (size > maxBytes) throw tooLarge(path, size, maxBytes);
  return readFile(path, 'utf8');
}

/** `kubectl get -o yaml` output: by file name, or on stdin by its first line. */
function isYaml(path: string, text: string): boolean {
  if (path === STDIN) return /^(---|apiVersion:|kind:|items:)/.test(text.trimStart());
  return /\.ya?ml$/i.test(path);
}

function parseDump(path: string, text: string): unknown {
  if (text.trim() === '') throw new DumpError('EMPTY', `${path}: the file is empty`, path);
  if (isYaml(path, text)) {
    const documents = parseAllDocuments(text);
    const broken = documents.flatMap((d) => d.errors)[0];
    if (broken !== undefined) {
      throw new DumpError('NOT_JSON', `${path}: not YAML (${firstLine(broken.message)}); expected the output of kubectl get ... -o yaml`, path);
    }
    return documents.map((d) => d.toJS() as unknown);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = firstLine(error instanceof Error ? error.message : String(error));
    throw new DumpError('NOT_JSON', `${path}: not JSON (${reason}); expected the output of kubectl get ... -o json`, path);
  }
}

/** Appends every item of `from` to `into`: a loop, as spreading 125,000 arguments overflows the stack. */
function append<T>(into: T[], from: readonly T[]): void {
  for (const item of from) into.push(item);
}

/** Adds every list of `from` to `into`. */
function mergeInto(into: ClusterSnapshot, from: ClusterSnapshot): void {
  for (const key of Object.keys(into) as (keyof ClusterSnapshot)[]) append(into[key] as unknown[], from[key]);
}

/**
 * Reads dump files (a Kubernetes `List` as `kubectl get ... -o json` prints, a plain array, or a
 * single object; `.yaml`/`.yml` files and YAML on stdin as `-o yaml` prints; `-` for stdin) into
 * one snapshot, up to `MAX_DUMP_BYTES` per file. A file that cannot be read becomes a warning while another
 * file can be read (an empty List is read: a cluster with nothing in it); when no file can be read it throws a `DumpError` whose
 * message is one line naming the file and the problem.
 */
export async function loadDumpFiles(
  paths: string[],
  options: { maxBytes?: number; stdin?: AsyncIterable<Buffer | string> } = {},
): Promise<LoadedDump> {
  const maxBytes = options.maxBytes ?? MAX_DUMP_BYTES;
  const stdin = options.stdin ?? process.stdin;
  const snapshot = emptySnapshot();
  const warnings: string[] = [];
  const errors: DumpError[] = [];
  for (const path of paths) {
    let parsed: unknown;
    try {
      parsed = parseDump(path, await readText(path, maxBytes, stdin));
    } catch (error) {
      if (!(error instanceof DumpError)) throw error;
      errors.push(error);
      continue;
    }
    if (parsed === null || typeof parsed !== 'object') {
      errors.push(
        new DumpError('WRONG_SHAPE', `${path}: JSON ${parsed === null ? 'null' : typeof parsed} is not a Kubernetes List or array of objects`, path),
      );
      continue;
    }
    // The parsed tree is ours alone: kept as it is, not copied.
    const result = snapshotFromObjects([parsed], { consume: true });
    const objects = countObjects(result.snapshot);
    // An empty List is a healthy answer (`kubectl get` found nothing): no failures, not an error.
    if (objects === 0 && result.skipped.length > 0) {
      errors.push(
        new DumpError(
          'WRONG_SHAPE',
          `${path}: no Kubernetes objects to analyse (${result.skipped[0] ?? ''}${result.skipped.length > 1 ? `, and ${result.skipped.length - 1} more` : ''}); expected a List with items, or an array of objects with kind and metadata`,
          path,
        ),
      );
      continue;
    }
    append(warnings, result.skipped.map((line) => `${path}: skipped ${line}`));
    mergeInto(snapshot, result.snapshot);
  }
  const read = paths.length - errors.length;
  if (read === 0) {
    const first = errors[0];
    if (first !== undefined && errors.length === 1) throw first;
    if (first !== undefined) {
      throw new DumpError(first.code, `no file could be analysed: ${errors.map((e) => e.message).join('; ')}`);
    }
    throw new DumpError('EMPTY', 'no dump files given');
  }
  append(warnings, errors.map((e) => `${e.message} (file ignored)`));
  return { snapshot, warnings };
}
