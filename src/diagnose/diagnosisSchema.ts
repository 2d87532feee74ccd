import { z } from 'zod';
import type { Diagnosis } from './types.js';

// Refinements (not `.min`) keep the JSON schema down to what strict structured outputs accept.
const text = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
const list = <T extends z.ZodType>(item: T) => z.array(item).refine((items) => items.length > 0, 'must not be empty');
const step = z.strictObject({ text, command: z.string().nullable() });

/** The answer as the model returns it: strict mode needs every property required, so `command` is nullable. */
export const llmDiagnosisSchema = z.strictObject({
  faultLocation: text,
  additionalInfo: z.string(),
  explanation: text,
  causes: list(text),
  debugSteps: list(step),
  fixes: list(step),
});

/** `response_format.json_schema.schema` for chat completions (strict). */
export const DIAGNOSIS_JSON_SCHEMA: Record<string, unknown> = (() => {
  // `$schema` is not part of what the API accepts.
  const schema: Record<string, unknown> = { ...z.toJSONSchema(llmDiagnosisSchema, { io: 'input' }) };
  delete schema.$schema;
  return schema;
})();

/** Parses and validates a model's answer; `error` says what is wrong, for the repair request. */
export function parseDiagnosis(content: string): { ok: true; diagnosis: Diagnosis } | { ok: false; error: string } {
  let json: unknown;
  try {
    // Some endpoints wrap JSON in a Markdown fence even in JSON mode.
    json = JSON.parse(content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1'));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = llmDiagnosisSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  }
  const normalise = (s: { text: string; command: string | null }) =>
    s.command?.trim() ? { text: s.text.trim(), command: s.command.trim() } : { text: s.text.trim() };
  const d = parsed.data;
  return {
    ok: true,
    diagnosis: {
      faultLocation: d.faultLocation.trim(),
      additionalInfo: d.additionalInfo.trim(),
      explanation: d.explanation.trim(),
      causes: d.causes.map((c) => c.trim()),
      debugSteps: d.debugSteps.map(normalise),
      fixes: d.fixes.map(normalise),
    },
  };
}
