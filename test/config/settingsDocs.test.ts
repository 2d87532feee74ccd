import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsTable } from '../../src/config.js';
import { replaceSettingsTable } from '../../src/settingsDocs.js';

describe('README settings table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('is the one generated from the config schema (run `npm run docs:settings` when this fails)', () => {
    expect(replaceSettingsTable(readme)).toBe(readme);
    expect(readme).toContain(settingsTable());
  });

  it('refuses a document without the markers', () => {
    expect(() => replaceSettingsTable('# no table here')).toThrow(/settings markers not found/);
  });
});
