import type { ClusterSnapshot, Finding } from '../analyze/types.js';
import { collectEvidence } from '../diagnose/collectEvidence.js';
import type { Evidence } from '../diagnose/types.js';
import type { HandlerDependencies } from './HandlerDependencies.js';

/**
 * A finding's evidence from `snapshot`, with the container logs the handler's options allow
 * (`logs`, `LOG_TAIL_LINES`). Not yet redacted: callers add their own sections (an alert's labels)
 * and redact the whole once.
 */
export function readEvidence(
  options: Pick<HandlerDependencies, 'logs' | 'logTailLines'>,
  finding: Finding,
  snapshot: ClusterSnapshot,
  now: () => number,
): Promise<Evidence> {
  return collectEvidence(finding, snapshot, {
    ...(options.logs === undefined ? {} : { logs: options.logs }),
    ...(options.logTailLines === undefined ? {} : { logTailLines: options.logTailLines }),
    now,
  });
}
