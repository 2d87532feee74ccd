import type { Finding } from '../analyze/types.js';

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

/** The cluster's shape, as the seed's prompt gives it; read from the cluster, never typed. */
export interface ClusterShape {
  controlPlaneNodes: number;
  workerNodes: number;
  /** e.g. `v1.29.4`; '' when unknown. */
  kubernetesVersion: string;
}

/** One titled block of evidence lines, e.g. `Events`, `Previous log of container "ubuntu"`. */
export interface EvidenceSection {
  title: string;
  lines: string[];
  /** Token-budget priority: lower is kept first (default 50); the lowest priority is dropped first. */
  priority?: number;
  /** How to shorten when over budget: `middle` cuts out the middle of a log with a marker (default: the end). */
  trim?: 'middle' | 'end';
}

/** Names in the evidence that `anonymize` replaces with stable placeholders. */
export interface EvidenceNames {
  namespaces: string[];
  /** Pods and the other objects named after a workload (ReplicaSets, PVCs, Jobs). */
  pods: string[];
  workloads: string[];
  nodes: string[];
  images: string[];
}

/** What the bot gathered about a finding: the LLM's input, and the Slack thread's evidence reply. */
export interface Evidence {
  sections: EvidenceSection[];
  clusterShape: ClusterShape;
  /** Set by `collectEvidence`; without it anonymization uses the finding's names only. */
  names?: EvidenceNames;
}

export interface DiagnosisResult {
  diagnosis: Diagnosis;
  source: DiagnosisSource;
  /** What an investigation read (`events of pod/web-1`, `logs of web-1 (previous)`); absent without one. */
  lookedAt?: string[];
}

/** One turn of an incident thread's conversation. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface FollowupAnswer {
  text: string;
  source: DiagnosisSource;
  /** What an investigation read, for the reply's "Looked at" line; absent without one. */
  lookedAt?: string[];
}

/**
 * The diagnosis service the worker and the Slack handlers use. `createDiagnoser` (src/diagnose/)
 * implements it with the LLM, redaction, budget, cache and the rule-based fallback.
 */
export interface Diagnoser {
  diagnose(input: {
    finding: Finding;
    evidence: Evidence;
    language?: Language;
    noCache?: boolean;
    /** A person asked for it in a thread (Re-diagnose): investigates with `LLM_INVESTIGATE=followups` too. */
    followup?: boolean;
  }): Promise<DiagnosisResult>;
  answerFollowup(input: {
    finding: Finding;
    evidence: Evidence;
    freshEvidence?: Evidence;
    /** The diagnosis the thread started with: what a question like "why?" refers to. */
    diagnosis?: Diagnosis;
    history: ChatTurn[];
    question: string;
    language?: Language;
  }): Promise<FollowupAnswer>;
}
