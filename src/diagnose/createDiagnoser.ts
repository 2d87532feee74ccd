import type { Finding } from '../analyze/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { findingSections, buildDiagnosisPrompt } from './buildDiagnosisPrompt.js';
import { buildFollowupPrompt } from './buildFollowupPrompt.js';
import { anonymizerFor, type Anonymizer } from './createAnonymizer.js';
import { createDiagnosisCache, diagnosisCacheKey, type CacheRedis, type DiagnosisCache } from './createDiagnosisCache.js';
import { DiagnoseError } from './DiagnoseError.js';
import { followupFallback } from './followupFallback.js';
import { investigate, type Investigation, type InvestigationLimits } from './investigate.js';
import type { ChatMessage } from './buildDiagnosisPrompt.js';
import type { LlmClient, ResponseFormat } from './LlmClient.js';
import { loadPromptTemplate, type PromptTemplate } from './loadPromptTemplate.js';
import { redactLines, redactText } from './redact.js';
import { DIAGNOSIS_FORMAT, diagnosisFrom, requestDiagnosis } from './requestDiagnosis.js';
import { explainWithRules, rulesTemplateVersion } from './rules/explainWithRules.js';
import { tokenizerFor } from './tokenizerFor.js';
import { LlmLimitReachedError } from './withRateLimit.js';
import { INVESTIGATION_TOOLS } from './tools/INVESTIGATION_TOOLS.js';
import type { Tool, ToolContext } from './tools/defineTool.js';
import type { Diagnoser, Diagnosis, DiagnosisResult, EvidenceSection, Language } from './types.js';

export interface DiagnoserOptions {
  /** Without it every answer is rule-based (`reason: 'no-llm'`). */
  llm?: LlmClient;
  /** Without it nothing is cached. */
  redis?: CacheRedis;
  /** Default `kdb:diagnosis:`. */
  cachePrefix?: string;
  /** Default 24 h. */
  cacheTtlSeconds?: number;
  /** Default `en`; a call may ask for another. */
  language?: Language;
  /** The whole prompt (system + user) in tokens of the model's tokenizer; default 2000. */
  tokenBudget?: number;
  /** Replace namespace, pod, workload, node and image names with stable placeholders before the LLM sees them. */
  anonymize?: boolean;
  logger?: Logger;
  metrics?: Metrics;
  /** Where `prompt.<lang>.md` live; default the package's `templates/`. */
  templatesDir?: string;
  /** The read-only tools the model may call; without it no answer investigates. */
  investigation?: InvestigationOptions;
}

/** `LLM_INVESTIGATE` and its limits, and what the tools read the cluster with. */
export interface InvestigationOptions {
  /** `followups`: thread questions and Re-diagnose investigate; `all`: first diagnoses too. */
  mode: 'off' | 'followups' | 'all';
  context: ToolContext;
  limits: InvestigationLimits;
  /** Default `INVESTIGATION_TOOLS`. */
  tools?: readonly Tool[];
}

/** Longest follow-up answer passed on; Slack shows it in one message. */
const MAX_FOLLOWUP_CHARS = 3000;

/** Applies `f` to every text of a diagnosis (redaction, restoring names). */
function mapDiagnosis(d: Diagnosis, f: (text: string) => string): Diagnosis {
  const step = (s: { text: string; command?: string }) => (s.command ? { text: f(s.text), command: f(s.command) } : { text: f(s.text) });
  return {
    faultLocation: f(d.faultLocation),
    additionalInfo: f(d.additionalInfo),
    explanation: f(d.explanation),
    causes: d.causes.map(f),
    debugSteps: d.debugSteps.map(step),
    fixes: d.fixes.map(step),
  };
}

const codeOf = (error: unknown): string => (error instanceof DiagnoseError ? error.code : 'UNKNOWN');
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The diagnosis service: redacts (and optionally anonymizes) everything, fits the prompt to the
 * token budget, asks the LLM for the five-part JSON answer, caches answers by prompt hash in
 * Redis, and falls back to the rule-based explanation, marked as such, when there is no LLM or
 * it fails after its retries. An invalid or empty answer never reaches the caller. Our own rate
 * limit (`LlmLimitReachedError`) is not a failure: it is thrown on, for the job to wait.
 */
export function createDiagnoser(options: DiagnoserOptions = {}): Diagnoser {
  const { llm, logger, metrics } = options;
  const budget = options.tokenBudget ?? 2000;
  const defaultLanguage = options.language ?? 'en';
  const cache: DiagnosisCache | undefined = options.redis
    ? createDiagnosisCache({
        redis: options.redis,
        prefix: options.cachePrefix ?? 'kdb:diagnosis:',
        ttlSeconds: options.cacheTtlSeconds ?? 24 * 60 * 60,
      })
    : undefined;
  // Loaded now, so a broken template stops the bot at start with the file and the reason.
  const templates: Record<Language, PromptTemplate> = {
    en: loadPromptTemplate('en', options.templatesDir),
    ja: loadPromptTemplate('ja', options.templatesDir),
  };
  const template = (language: Language): PromptTemplate => templates[language];
  // Building the encoder takes over a second of CPU: pay it at start, not inside the first incident.
  if (llm) tokenizerFor(llm.model);
  const identity: Anonymizer = { anonymize: (t) => t, restore: (t) => t, learn: () => undefined };
  /** What leaves the process: redacted first (a secret may contain a name), then anonymized. */
  const outbound = (sections: readonly EvidenceSection[], anonymizer: Anonymizer): EvidenceSection[] =>
    sections.map((section) => ({
      ...section,
      title: anonymizer.anonymize(redactText(section.title)),
      lines: redactLines(section.lines).map(anonymizer.anonymize),
    }));

  /** Our own rate limit is not a failure: counted, and passed on for the job to wait. */
  const throwIfDeferred = (error: unknown): void => {
    if (!(error instanceof LlmLimitReachedError)) return;
    metrics?.llmCalls.inc({ outcome: 'deferred' });
    throw error;
  };
  // Once per process, like the json_schema fallback: an endpoint without tool calling answers
  // from the fixed evidence from then on.
  let toolsUsable = true;
  let answeredWithoutTools = false;
  /** An investigation when `LLM_INVESTIGATE` asks for one here; undefined: answer from the fixed evidence. */
  const investigation = async (
    messages: readonly ChatMessage[],
    input: { followup: boolean; language: Language; format: ResponseFormat; anonymizer: Anonymizer; log: Logger | undefined },
  ): Promise<Investigation | undefined> => {
    const setup = options.investigation;
    if (!llm || !setup || !toolsUsable || setup.mode === 'off' || (setup.mode === 'followups' && !input.followup)) return undefined;
    const [system, ...rest] = messages;
    const withTools = system?.role === 'system' ? [{ ...system, content: `${system.content}\n\n${template(input.language).tools}` }, ...rest] : [...messages];
    try {
      const found = await investigate({
        llm,
        messages: withTools,
        format: input.format,
        tools: setup.tools ?? INVESTIGATION_TOOLS,
        context: setup.context,
        anonymizer: input.anonymizer,
        tokenizer: tokenizerFor(llm.model),
        limits: setup.limits,
        ...(input.log ? { logger: input.log } : {}),
        ...(metrics ? { metrics } : {}),
      });
      if (found.rounds === 0 && !answeredWithoutTools) {
        answeredWithoutTools = true;
        logger?.info({ model: llm.model }, 'the model answered without calling a tool: the answer comes from the fixed evidence (logged once)');
      }
      input.log?.info({ rounds: found.rounds, promptTokens: found.promptTokens, lookedAt: found.lookedAt.length, stoppedBy: found.stoppedBy }, 'investigation done');
      return found;
    } catch (error) {
      if (!(error instanceof DiagnoseError) || error.code !== 'LLM_TOOLS_UNSUPPORTED') throw error;
      toolsUsable = false;
      logger?.warn({ model: llm.model, baseURL: llm.baseURL, err: error }, 'the model or endpoint does not do tool calling; answering from the fixed evidence from now on');
      return undefined;
    }
  };
  /** Citations as the reply shows them: real names, nothing secret. */
  const citations = (found: Investigation | undefined, anonymizer: Anonymizer) =>
    found && found.lookedAt.length > 0 ? { lookedAt: found.lookedAt.map((c) => redactText(anonymizer.restore(c))) } : {};

  const rules = (finding: Finding, language: Language, reason: 'no-llm' | 'llm-failed', detail?: string): DiagnosisResult => {
    metrics?.llmCalls.inc({ outcome: 'fallback' });
    return {
      // The rules quote evidence lines verbatim: they are redacted like everything else that leaves.
      diagnosis: mapDiagnosis(explainWithRules(finding, language), redactText),
      source: { kind: 'rules', reason, ...(detail ? { detail } : {}) },
    };
  };

  return {
    async diagnose({ finding, evidence, language = defaultLanguage, noCache = false, followup = false }) {
      if (!llm) return rules(finding, language, 'no-llm');
      const log = logger?.child({ workload: finding.workload, category: finding.category });
      const anonymizer = options.anonymize ? anonymizerFor(finding, [evidence]) : identity;
      const prompt = buildDiagnosisPrompt({
        template: template(language),
        sections: outbound([...findingSections(finding), ...evidence.sections], anonymizer),
        clusterShape: evidence.clusterShape,
        budget,
        tokenizer: tokenizerFor(llm.model),
      });
      log?.debug({ promptTokens: prompt.tokens, budget }, 'diagnosis prompt built');
      const key = diagnosisCacheKey({
        model: llm.model,
        baseURL: llm.baseURL,
        language,
        promptVersion: template(language).version,
        rulesVersion: rulesTemplateVersion(),
        prompt: prompt.messages,
      });
      // The cache holds the anonymized answer: the same shape of failure elsewhere hits it, and
      // each hit gets its own names back.
      const answer = (diagnosis: Diagnosis, cached: boolean, found?: Investigation): DiagnosisResult => ({
        diagnosis: mapDiagnosis(diagnosis, (text) => anonymizer.restore(redactText(text))),
        source: { kind: 'llm', model: llm.model, cached },
        ...citations(found, anonymizer),
      });
      const failed = (error: unknown): DiagnosisResult => {
        throwIfDeferred(error);
        metrics?.llmCalls.inc({ outcome: 'error' });
        metrics?.errors.inc({ component: 'diagnose', code: codeOf(error) });
        log?.warn({ code: codeOf(error), err: error }, 'LLM diagnosis failed; using the rule-based explanation');
        return rules(finding, language, 'llm-failed', `${codeOf(error)}: ${messageOf(error)}`);
      };
      try {
        const found = await investigation(prompt.messages, { followup, language, format: DIAGNOSIS_FORMAT, anonymizer, log });
        if (found) {
          // What the tools read is live: such an answer is neither cached nor taken from the cache.
          const { completion, messages, tools } = found;
          const diagnosis = await diagnosisFrom(completion, messages, (repair) => llm.chat({ messages: repair, tools, toolChoice: 'none', format: DIAGNOSIS_FORMAT }));
          metrics?.llmCalls.inc({ outcome: 'ok' });
          return answer(diagnosis, false, found);
        }
      } catch (error) {
        return failed(error);
      }
      if (cache && !noCache) {
        try {
          const hit = await cache.get(key);
          if (hit) {
            metrics?.llmCalls.inc({ outcome: 'cached' });
            return answer(hit, true);
          }
        } catch (error) {
          log?.warn({ err: error }, 'diagnosis cache read failed; asking the LLM');
        }
      }
      let diagnosis: Diagnosis;
      try {
        diagnosis = await requestDiagnosis(llm, prompt.messages);
      } catch (error) {
        return failed(error);
      }
      metrics?.llmCalls.inc({ outcome: 'ok' });
      if (cache) {
        try {
          await cache.set(key, diagnosis);
        } catch (error) {
          log?.warn({ err: error }, 'diagnosis cache write failed');
        }
      }
      return answer(diagnosis, false);
    },

    async answerFollowup({ finding, evidence, freshEvidence, diagnosis, history, question, language = defaultLanguage }) {
      const fallback = (reason: 'no-llm' | 'llm-failed', detail?: string) => ({
        text: redactText(followupFallback(explainWithRules(finding, language), language, reason)),
        source: { kind: 'rules' as const, reason, ...(detail ? { detail } : {}) },
      });
      if (!llm) return fallback('no-llm');
      const anonymizer = options.anonymize ? anonymizerFor(finding, [evidence, freshEvidence]) : identity;
      const scrub = (text: string) => anonymizer.anonymize(redactText(text));
      const prompt = buildFollowupPrompt({
        template: template(language),
        sections: outbound([...findingSections(finding), ...evidence.sections], anonymizer),
        freshSections: outbound(freshEvidence?.sections ?? [], anonymizer),
        ...(diagnosis === undefined ? {} : { diagnosis: JSON.stringify(mapDiagnosis(diagnosis, scrub)) }),
        history: history.map((turn) => ({ role: turn.role, text: scrub(turn.text) })),
        question: scrub(question),
        clusterShape: (freshEvidence ?? evidence).clusterShape,
        budget,
        tokenizer: tokenizerFor(llm.model),
      });
      try {
        const found = await investigation(prompt.messages, { followup: true, language, format: { type: 'text' }, anonymizer, log: logger });
        const completion = found?.completion ?? (await llm.complete({ messages: prompt.messages, format: { type: 'text' } }));
        const text = completion.content.trim();
        if (!text) throw new DiagnoseError('LLM_INVALID_ANSWER', 'empty follow-up answer');
        metrics?.llmCalls.inc({ outcome: 'ok' });
        const restored = anonymizer.restore(redactText(text));
        return {
          text: restored.length > MAX_FOLLOWUP_CHARS ? `${restored.slice(0, MAX_FOLLOWUP_CHARS - 1)}…` : restored,
          source: { kind: 'llm', model: llm.model, cached: false },
          ...citations(found, anonymizer),
        };
      } catch (error) {
        throwIfDeferred(error);
        metrics?.llmCalls.inc({ outcome: 'error' });
        metrics?.errors.inc({ component: 'diagnose', code: codeOf(error) });
        logger?.warn({ code: codeOf(error), err: error }, 'LLM follow-up failed; answering with the rule-based steps');
        metrics?.llmCalls.inc({ outcome: 'fallback' });
        return fallback('llm-failed', `${codeOf(error)}: ${messageOf(error)}`);
      }
    },
  };
}
