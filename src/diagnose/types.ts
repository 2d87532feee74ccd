/** A debug step or a fix; `command` is an exact shell command with real names filled in. */
export interface Step {
  text: string;
  command?: string;
}

/** The seed article's five-part answer. Both the LLM and the rules produce exactly this. */
export interface Diagnosis {
  /** 1. Fault location in one phrase. */
  faultLocation: string;
  /** 1'. Extra information about the location. */
  additionalInfo: string;
  /** 2. What the error means. */
  explanation: string;
  /** 3. Probable causes. */
  causes: string[];
  /** 4. Debug steps. */
  debugSteps: Step[];
  /** 5. Fixes. */
  fixes: Step[];
}

export type Language = 'en' | 'ja';

/** Where a diagnosis came from; the Slack message and the CLI say so. */
export type DiagnosisSource =
  | { kind: 'llm'; model: string; cached: boolean }
  | { kind: 'rules'; reason: 'no-llm' | 'llm-failed'; detail?: string };
