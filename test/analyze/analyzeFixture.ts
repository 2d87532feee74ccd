import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { analyze } from '../../src/analyze/analyze.js';
import { snapshotFromObjects } from '../../src/analyze/snapshotFromObjects.js';
import type { Finding } from '../../src/analyze/types.js';

/** Fixture time: the events in test/fixtures/categories are two minutes old. */
export const FIXTURE_NOW = new Date('2024-05-01T12:00:00Z');

/** Analyses test/fixtures/<path>.json (a List), asserting nothing in it was skipped. */
export function analyzeFixture(path: string): Finding[] {
  const list = JSON.parse(readFileSync(new URL(`../fixtures/${path}.json`, import.meta.url), 'utf8')) as unknown;
  const { snapshot, skipped } = snapshotFromObjects([list]);
  expect(skipped).toEqual([]);
  return analyze(snapshot, { now: FIXTURE_NOW });
}
