import { z } from 'zod';
import type { Finding } from '../../analyze/types.js';
import type { ObjectReader } from '../../kube/createObjectReader.js';
import type { LogReader } from '../../kube/types.js';
import type { EvidenceNames } from '../types.js';

/** What every tool may use: the cluster through `src/kube/`, the namespace policy, the clock. */
export interface ToolContext {
  reader: ObjectReader;
  logs: LogReader;
  /** `ALLOWED_NAMESPACES`; '' (cluster-scoped) only when every namespace is allowed. */
  allowNamespace: (namespace: string) => boolean;
  /** The analyzer's findings now, in one namespace or (undefined) the whole cluster. */
  findings: (namespace: string | undefined) => Promise<Finding[]>;
  now: () => number;
}

/** A tool's raw result: lines of text (redacted, anonymized and capped by the runner), and the names in it. */
export interface ToolOutput {
  lines: string[];
  /** Which end survives the token cap: a log keeps its tail, anything else its head (default). */
  keep?: 'head' | 'tail';
  /** Names the result shows, for anonymization. */
  names?: Partial<EvidenceNames>;
}

/** A plain answer to the model instead of a result: "Secrets are never readable", "unknown kind". */
export class ToolRefusal extends Error {
  override readonly name = 'ToolRefusal';
}

/** One validated call, ready to run. */
export interface BoundCall {
  /** The namespace it reads ('' cluster-scoped), checked against `ALLOWED_NAMESPACES` first; undefined: the tool filters itself. */
  namespace: string | undefined;
  /** How the answer cites it: `events of pod/web-1`, `logs of web-1 (previous)`. */
  citation: string;
  run(ctx: ToolContext): Promise<ToolOutput>;
}

/** A tool as data: its name and description for the model, its argument schema, and what it does. */
export interface Tool {
  name: string;
  description: string;
  /** JSON schema of the arguments, from the zod schema. */
  parameters: Record<string, unknown>;
  /** Validates the model's arguments (already JSON-parsed); an error message the model can act on otherwise. */
  bind(args: unknown): { ok: true; call: BoundCall } | { ok: false; error: string };
}

/** Builds a `Tool` from a zod schema and functions of the validated arguments. */
export function defineTool<S extends z.ZodObject>(definition: {
  name: string;
  description: string;
  args: S;
  namespaceOf: (args: z.output<S>) => string | undefined;
  cite: (args: z.output<S>) => string;
  run: (args: z.output<S>, ctx: ToolContext) => Promise<ToolOutput>;
}): Tool {
  // The dialect marker means nothing to the model; the rest is the function's `parameters`.
  const parameters = Object.fromEntries(Object.entries(z.toJSONSchema(definition.args, { io: 'input' })).filter(([key]) => key !== '$schema'));
  return {
    name: definition.name,
    description: definition.description,
    parameters,
    bind(raw) {
      const parsed = definition.args.safeParse(raw ?? {});
      if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ') };
      const args = parsed.data;
      return { ok: true, call: { namespace: definition.namespaceOf(args), citation: definition.cite(args), run: (ctx) => definition.run(args, ctx) } };
    },
  };
}
