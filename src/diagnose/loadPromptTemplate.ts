import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { DiagnoseError } from './DiagnoseError.js';
import { DATA_TAG } from './renderDataBlock.js';
import type { ClusterShape, Language } from './types.js';

/** The package's `templates/`: two levels above this module both in `src/diagnose/` and `dist/diagnose/`. */
export const DEFAULT_PROMPT_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** One language's prompts; `version` goes into the answer cache key. */
export interface PromptTemplate {
  version: string;
  /** System message of a diagnosis. */
  system: string;
  /** User message of a diagnosis; `{{evidence}}` becomes the data block. */
  user: string;
  /** System message of a follow-up answer. */
  followup: string;
  /** Added to the system message when the model may call the read-only tools (an investigation). */
  tools: string;
}

const frontMatter = z.object({ version: z.union([z.string().min(1), z.number()]).transform(String) });
const SECTION = /^<!-- (system|user|followup|tools) -->$/m;

/** Reads and checks `prompt.<language>.md`: front matter with a version, then four marked sections. */
export function loadPromptTemplate(language: Language, dir: string = DEFAULT_PROMPT_TEMPLATES_DIR): PromptTemplate {
  const file = `${dir.replace(/\/?$/, '/')}prompt.${language}.md`;
  const fail = (why: string): never => {
    throw new DiagnoseError('PROMPT_TEMPLATE_INVALID', `${file}: ${why}`);
  };
  const text = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) return fail('expected front matter (---\\nversion: ...\\n---) at the top');
  const meta = frontMatter.safeParse(parse(match[1] ?? ''));
  if (!meta.success) return fail(`front matter needs a version (${meta.error.issues[0]?.message ?? 'invalid'})`);
  const parts = (match[2] ?? '').split(SECTION);
  const sections = new Map<string, string>();
  for (let i = 1; i + 1 < parts.length; i += 2) sections.set(parts[i] as string, (parts[i + 1] as string).trim());
  const section = (name: string): string => sections.get(name) || fail(`missing section <!-- ${name} -->`);
  const template = { version: meta.data.version, system: section('system'), user: section('user'), followup: section('followup'), tools: section('tools') };
  if (!template.user.includes('{{evidence}}')) fail('the user section must contain {{evidence}}');
  // The model must be told what the data block is, or delimiting it protects nothing.
  for (const name of ['system', 'followup'] as const) {
    if (!template[name].includes(`<${DATA_TAG}>`)) fail(`the ${name} section must explain the <${DATA_TAG}> data block`);
  }
  return template;
}

/** Replaces `{{name}}` with values; the cluster shape's placeholders are always available. */
export function fillTemplate(text: string, shape: ClusterShape, extra: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    controlPlaneNodes: String(shape.controlPlaneNodes),
    workerNodes: String(shape.workerNodes),
    kubernetesVersion: shape.kubernetesVersion || 'unknown',
    ...extra,
  };
  // One pass, so a value containing `{{...}}` (from the data) is never expanded again.
  return text.replace(/\{\{(\w+)\}\}/g, (m, name: string) => values[name] ?? m);
}
