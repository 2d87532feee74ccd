import type { Tool } from './defineTool.js';
import { describeNodeTool } from './describeNodeTool.js';
import { eventsTool } from './eventsTool.js';
import { getTool } from './getTool.js';
import { listFailuresTool } from './listFailuresTool.js';
import { listTool } from './listTool.js';
import { logsTool } from './logsTool.js';
import { rolloutHistoryTool } from './rolloutHistoryTool.js';

/** Every tool the model may call: all read-only, all through `src/kube/`. Adding a tool is adding a file and a line here. */
export const INVESTIGATION_TOOLS: readonly Tool[] = [listFailuresTool, getTool, listTool, eventsTool, logsTool, rolloutHistoryTool, describeNodeTool];
