import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_TEMPLATES_DIR,
  loadRuleTemplates,
  RuleTemplateError,
} from '../../src/diagnose/rules/loadRuleTemplates.js';
import { renderRuleTemplate } from '../../src/diagnose/rules/renderRuleTemplate.js';
import { caseA } from './findings.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rules-'));
  cpSync(DEFAULT_RULE_TEMPLATES_DIR, dir, { recursive: true });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const file = (language: string, name: string) => join(dir, language, name);

function edit(language: string, name: string, change: (source: string) => string): string {
  const path = file(language, name);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  return path;
}

/** Loads `dir` and returns the error it fails with. */
function loadError(): RuleTemplateError {
  try {
    loadRuleTemplates({ dir });
  } catch (error) {
    expect(error).toBeInstanceOf(RuleTemplateError);
    return error as RuleTemplateError;
  }
  throw new Error('loading the broken templates succeeded');
}

describe('loadRuleTemplates', () => {
  it('loads a copy of the package templates from another directory', () => {
    const templates = loadRuleTemplates({ dir });
    const d = renderRuleTemplate(templates.get('en', 'CrashLoopBackOff'), caseA);
    expect(d.causes[0]).toMatch(/no long-running process/);
    expect(templates.version).toBe(loadRuleTemplates().version);
  });

  it('changes its version when any template changes', () => {
    const before = loadRuleTemplates({ dir }).version;
    edit('ja', 'Other.yaml', (s) => s.replace('version: 1', 'version: 2'));
    expect(loadRuleTemplates({ dir }).version).not.toBe(before);
  });

  it('names the file that is not valid YAML', () => {
    const path = edit('en', 'OOMKilled.yaml', (s) => `${s}\n  - : [unclosed\n`);
    const error = loadError();
    expect(error.file).toBe(path);
    expect(error.message).toContain(path);
    expect(error.code).toBe('RULE_TEMPLATE_INVALID');
  });

  it('names the file and the field that breaks the schema', () => {
    const path = edit('ja', 'PVCUnbound.yaml', (s) => s.replace("command: 'kubectl get pv'", "command: 'rm -rf /'"));
    const error = loadError();
    expect(error.file).toBe(path);
    expect(error.message).toMatch(/debugSteps\.2\.command: commands must be kubectl commands/);
  });

  it('rejects an unknown placeholder, a bad regex and a capture without a group', () => {
    let path = edit('en', 'Evicted.yaml', (s) => s.replace('{{node}} (evicted', '{{nod}} (evicted'));
    expect(loadError().message).toBe(`rule template ${path}: unknown placeholders: {{nod}}`);
    cpSync(join(DEFAULT_RULE_TEMPLATES_DIR, 'en', 'Evicted.yaml'), path);

    path = edit('en', 'CrashLoopBackOff.yaml', (s) => s.replace("evidenceMatches: 'exit(?: ?code)?:?\\s*139\\b'", "evidenceMatches: '(unclosed'"));
    expect(loadError().message).toMatch(/causes\.2.*not a valid regular expression/);
    cpSync(join(DEFAULT_RULE_TEMPLATES_DIR, 'en', 'CrashLoopBackOff.yaml'), path);

    path = edit('en', 'QuotaExceeded.yaml', (s) => s.replace("quota: 'exceeded quota:? ([a-z0-9.-]+)'", "quota: 'exceeded quota'"));
    expect(loadError().message).toMatch(/captures\.quota: needs a capture group/);
  });

  it('rejects a template that could leave a part empty', () => {
    const path = edit('en', 'JobFailed.yaml', (s) =>
      s.replace(/fixes:\n[\s\S]*$/, "fixes:\n  - text: Delete it.\n    command: 'kubectl delete job {{job}} -n {{namespace}}'\n"),
    );
    const error = loadError();
    expect(error.file).toBe(path);
    expect(error.message).toMatch(/in: fixes$/);
  });

  it('names a missing template and a stray one', () => {
    unlinkSync(file('ja', 'Evicted.yaml'));
    expect(loadError().file).toBe(file('ja', 'Evicted.yaml'));
    cpSync(join(DEFAULT_RULE_TEMPLATES_DIR, 'ja', 'Evicted.yaml'), file('ja', 'Evicted.yaml'));

    writeFileSync(file('en', 'CrashLoopBackoff.yaml'), 'version: 1\n');
    const error = loadError();
    expect(error.file).toBe(file('en', 'CrashLoopBackoff.yaml'));
    expect(error.message).toContain('not a failure category');
  });
});
