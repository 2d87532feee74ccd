// Regenerates the README's sample message from the real renderer: `npm run docs:sample`.
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceSample } from './sampleMessage.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, replaceSample(readFileSync(path, 'utf8')));
