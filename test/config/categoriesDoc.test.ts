import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_SEVERITY } from '../../src/analyze/categorySeverity.js';
import { CATEGORIES } from '../../src/analyze/types.js';

describe('docs/categories.md', () => {
  const doc = readFileSync(new URL('../../docs/categories.md', import.meta.url), 'utf8');

  it('lists every category once, with the severity the analyzer gives it', () => {
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.map((row) => /^\| `(\w+)`/.exec(row)?.[1]).sort()).toEqual([...CATEGORIES].sort());
    for (const category of CATEGORIES) {
      const row = rows.find((line) => line.startsWith(`| \`${category}\` |`));
      expect(row?.split('|')[2]?.trim(), category).toBe(CATEGORY_SEVERITY[category]);
    }
  });
});
