import { z } from 'zod';

/**
 * Placeholders every template may use, filled from the finding by `findingPlaceholders`.
 * A template may add its own through `captures` (regexes over the finding's evidence).
 */
export const PLACEHOLDERS = [
  'namespace',
  'name',
  'kind',
  'workload',
  'workloadKind',
  'workloadName',
  'component',
  'summary',
  'evidence',
  'pod',
  'pods',
  'podCount',
  'container',
  'node',
  'pvc',
  'pv',
  'storageClass',
  'job',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** `{{name}}` in a template; names are identifiers. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

/**
 * When an item applies. All given keys must hold. Lets a template put the most specific cause
 * first (e.g. "exit code 0" means the command has no long-running process) and keep commands
 * that only work for some workload kinds (`rollout undo`) away from the others.
 */
export const conditionSchema = z
  .strictObject({
    /** Case-insensitive regex over the finding's summary, root cause and evidence lines. */
    evidenceMatches: regexSource.optional(),
    /** The same text must NOT match: keeps a symptom's cause away when the root cause is known. */
    evidenceLacks: regexSource.optional(),
    /** The workload's kind is one of these (e.g. Deployment, StatefulSet). */
    workloadKind: z.array(z.string().min(1)).min(1).optional(),
    /** At least this many affected pods. */
    minPods: z.number().int().min(0).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'an empty `when` is always true; remove it' });
export type Condition = z.infer<typeof conditionSchema>;

const text = z.string().trim().min(1);

/** A line of text, optionally conditional. A bare string is an unconditional line. */
const lineSchema = z.union([text, z.strictObject({ text, when: conditionSchema.optional() })]);
export type TemplateLine = z.infer<typeof lineSchema>;

/** A debug step or a fix. Commands are kubectl commands with placeholders for the names. */
const stepSchema = z.union([
  text,
  z.strictObject({
    text,
    command: z
      .string()
      .trim()
      .regex(/^kubectl\s/, { message: 'commands must be kubectl commands' })
      .optional(),
    when: conditionSchema.optional(),
  }),
]);
export type TemplateStep = z.infer<typeof stepSchema>;

/** One phrase, or alternatives of which the first that applies and fully resolves is used. */
const phraseSchema = z.union([text, z.array(lineSchema).min(1)]);
export type TemplatePhrase = z.infer<typeof phraseSchema>;

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(8);

/** One file `templates/rules/<language>/<Category>.yaml`. */
export const ruleTemplateSchema = z.strictObject({
  /** Bumped when the wording changes meaningfully; part of the rules' cache version. */
  version: z.number().int().positive(),
  /** Extra placeholders: name → regex with one capture group, matched against the evidence. */
  captures: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
      // An always-matching alternative reveals the group count without knowing the input.
      regexSource.refine((s) => (new RegExp(`${s}|`).exec('')?.length ?? 0) > 1, {
        message: 'needs a capture group',
      }),
    )
    .optional(),
  faultLocation: phraseSchema,
  additionalInfo: phraseSchema,
  explanation: phraseSchema,
  causes: list(lineSchema),
  debugSteps: list(stepSchema),
  fixes: list(stepSchema),
});
export type RuleTemplate = z.infer<typeof ruleTemplateSchema>;
