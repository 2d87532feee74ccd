// Module resolution hook of register.mjs: names each package from node_modules once.
import process from 'node:process';
const seen = new Set();

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url)?.[1];
  if (name !== undefined && !seen.has(name)) {
    seen.add(name);
    process.stderr.write(`imported ${name}\n`);
  }
  return resolved;
}
