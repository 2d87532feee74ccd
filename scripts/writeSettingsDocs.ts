// Regenerates the README's settings table from src/config.ts, the one source of truth.
// `npm run docs:settings`; test/config/settingsDocs.test.ts fails when the README is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceSettingsTable } from '../src/settingsDocs.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, replaceSettingsTable(readFileSync(path, 'utf8')));
