import { readFile, stat } from 'node:fs/promises';
import { DumpError } from './DumpError.js';
import { emptySnapshot } from './emptySnapshot.js';
import { snapshotFromObjects } from './snapshotFromObjects.js';
import type { ClusterSnapshot } from './types.js';

/** Largest dump we read: JSON.parse holds the text and the objects in memory at once. */
export const MAX_DUMP_BYTES = 512 * 1024 * 1024;

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

async function readDump(path: string, maxBytes: number): Promise<unknown> {
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
  if (size > maxBytes) {
    const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;
    throw new DumpError(
      'TOO_LARGE',
      `${path}: ${mb(size)} is over the ${mb(maxBytes)} limit; dump fewer objects (e.g. one namespace with -n, or only pods,events)`,
      path,
    );
  }
  if (size === 0) throw new DumpError('EMPTY', `${path}: the file is empty`, path);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = firstLine(error instanceof Error ? error.message : String(error));
    throw new DumpError(
      'NOT_JSON',
      `${path}: not JSON (${reason}); expected the output of kubectl get ... -o json`,
      path,
    );
  }
}

/** Adds every list of `from` to `into`. */
function mergeInto(into: ClusterSnapshot, from: ClusterSnapshot): void {
  for (const key of Object.keys(into) as (keyof ClusterSnapshot)[]) {
    (into[key] as unknown[]).push(...from[key]);
  }
}

/**
 * Reads dump files (a Kubernetes `List` as `kubectl get ... -o json` prints, a plain array, or a
 * single object) into one snapshot. A file that cannot be read becomes a warning while another
 * file still yields objects; when nothing at all can be analysed it throws a `DumpError` whose
 * message is one line naming the file and the problem.
 */
export async function loadDumpFiles(
  paths: string[],
  options: { maxBytes?: number } = {},
): Promise<LoadedDump> {
  const maxBytes = options.maxBytes ?? MAX_DUMP_BYTES;
  const snapshot = emptySnapshot();
  const warnings: string[] = [];
  const errors: DumpError[] = [];
  for (const path of paths) {
    let parsed: unknown;
    try {
      parsed = await readDump(path, maxBytes);
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
    const result = snapshotFromObjects([parsed]);
    const objects = countObjects(result.snapshot);
    if (objects === 0) {
      errors.push(
        result.skipped.length === 0
          ? new DumpError('EMPTY', `${path}: contains no objects (an empty list)`, path)
          : new DumpError(
              'WRONG_SHAPE',
              `${path}: no Kubernetes objects to analyse (${result.skipped[0] ?? ''}${result.skipped.length > 1 ? `, and ${result.skipped.length - 1} more` : ''}); expected a List with items, or an array of objects with kind and metadata`,
              path,
            ),
      );
      continue;
    }
    warnings.push(...result.skipped.map((line) => `${path}: skipped ${line}`));
    mergeInto(snapshot, result.snapshot);
  }
  if (countObjects(snapshot) === 0) {
    const first = errors[0];
    if (first !== undefined && errors.length === 1) throw first;
    if (first !== undefined) {
      throw new DumpError(first.code, `no file could be analysed: ${errors.map((e) => e.message).join('; ')}`);
    }
    throw new DumpError('EMPTY', 'no dump files given');
  }
  warnings.push(...errors.map((e) => `${e.message} (file ignored)`));
  return { snapshot, warnings };
}
