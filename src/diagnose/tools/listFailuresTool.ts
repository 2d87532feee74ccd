import { z } from 'zod';
import { defineTool } from './defineTool.js';

const MAX_FINDINGS = 30;

export const listFailuresTool = defineTool({
  name: 'list_failures',
  description: "What is failing now, according to the bot's analyzer: one line per failure (severity, category, workload, summary). Optionally one namespace.",
  args: z.object({ namespace: z.string().optional() }),
  // Without a namespace every finding is checked against ALLOWED_NAMESPACES one by one.
  namespaceOf: (args) => args.namespace,
  cite: (args) => `current failures${args.namespace ? ` in ${args.namespace}` : ''}`,
  async run(args, ctx) {
    const findings = (await ctx.findings(args.namespace)).filter((f) => ctx.allowNamespace(f.namespace));
    if (findings.length === 0) return { lines: ['no failures found'] };
    const lines = findings
      .slice(0, MAX_FINDINGS)
      .map((f) => `${f.severity} ${f.category} ${f.workload}${f.namespace ? ` in ${f.namespace}` : ''}: ${f.summary}`);
    if (findings.length > MAX_FINDINGS) lines.push(`… ${findings.length - MAX_FINDINGS} more failures`);
    return {
      lines,
      names: {
        namespaces: findings.map((f) => f.namespace),
        workloads: findings.map((f) => f.workload.slice(f.workload.indexOf('/') + 1)),
        pods: findings.flatMap((f) => f.pods),
      },
    };
  },
});
