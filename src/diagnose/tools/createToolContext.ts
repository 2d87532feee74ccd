import { analyze } from '../../analyze/analyze.js';
import type { ClusterSnapshot } from '../../analyze/types.js';
import type { ObjectReader } from '../../kube/createObjectReader.js';
import type { LogReader } from '../../kube/types.js';
import type { ToolContext } from './defineTool.js';

/** The tools' view of one cluster: reads through `src/kube/`, `list_failures` through the analyzer. */
export function createToolContext(deps: {
  reader: ObjectReader;
  logs: LogReader;
  allowNamespace: (namespace: string) => boolean;
  readSnapshot: (options: { namespace?: string }) => Promise<ClusterSnapshot>;
  now?: () => number;
}): ToolContext {
  const now = deps.now ?? Date.now;
  return {
    reader: deps.reader,
    logs: deps.logs,
    allowNamespace: deps.allowNamespace,
    findings: async (namespace) => analyze(await deps.readSnapshot(namespace === undefined ? {} : { namespace }), { now: new Date(now()) }),
    now,
  };
}
