/**
 * `validate --format sarif` against the SARIF 2.1.0 JSON schema (the copy shipped in @microsoft/jest-sarif),
 * with ajv, over a fixture set with findings in a template, a policy file, a Terraform plan and a file that
 * cannot be read. The schema is draft-04; ajv 8 validates draft-07, which reads this schema the same way once
 * its root `id` is spelt `$id` (it uses no `exclusiveMinimum`/`exclusiveMaximum`, the keywords whose meaning
 * changed). `uri`, `uri-reference` and `date-time` formats are checked with small patterns added here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers.js';

const require = createRequire(import.meta.url);
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const FIXTURES = relative(REPO, join(import.meta.dirname, 'fixtures'));
const INPUTS = [join(FIXTURES, 'app'), join(FIXTURES, 'plan'), join(FIXTURES, 'broken')];

// ajv's CommonJS default export, typed loosely enough for both module shapes.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (
  options: Record<string, unknown>,
) => {
  addFormat(name: string, format: RegExp): void;
  compile(schema: unknown): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};

function sarifValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const { id, $schema: _draft04, ...rest } = schema;
  // unicodeRegExp: false because the schema's `language` pattern has a stray `]`, an error only in `u` mode.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s\\]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return ajv.compile({ $id: id, ...rest });
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
}

describe('validate --format sarif', () => {
  const run = cli(['validate', '--format', 'sarif', ...INPUTS]);
  const log = JSON.parse(run.stdout);
  const json = JSON.parse(cli(['validate', '--json', ...INPUTS]).stdout) as {
    findings: { file: string; code: string; line: number; column: number }[];
  };

  it('validates against the SARIF 2.1.0 schema', () => {
    // Given findings of every level and a reader error, When printed as SARIF
    const validate = sarifValidator();
    const ok = validate(log);
    // Then the log is valid SARIF 2.1.0
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.version).toBe('2.1.0');
    // And the validator does reject what the schema forbids (so the pass above means something)
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const broken = structuredClone(log);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
  });

  it('places each result at the template file (relative URI) and line, as the text and JSON reports do', () => {
    const results = log.runs[0].results as SarifResult[];
    const rules = log.runs[0].tool.driver.rules as { id: string }[];
    expect(results.length).toBe(json.findings.length);
    expect(results.length).toBeGreaterThanOrEqual(8);
    for (const [i, r] of results.entries()) {
      const f = json.findings[i];
      const loc = r.locations[0]?.physicalLocation;
      expect(r.ruleId).toBe(f?.code);
      expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(loc?.artifactLocation.uri).toBe(f?.file.split('/').map(encodeURIComponent).join('/'));
      expect(loc?.region).toEqual({ startLine: f?.line, startColumn: f?.column });
    }
    // The misspelt action is in the template at line 24, column 21
    const invalid = results.find((r) => r.ruleId === 'INVALID_ACTION');
    expect(invalid?.level).toBe('error');
    expect(invalid?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'test/validate/fixtures/app/template.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 24, startColumn: 21 },
    });
    // The plan's finding is inside the policy string, on the plan's line
    const admin = results.find((r) => r.ruleId === 'FULL_ADMIN_ACCESS');
    expect(admin?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
      'test/validate/fixtures/plan/plan.json',
    );
    expect(admin?.locations[0]?.physicalLocation.region.startLine).toBe(16);
  });

  it('reports files that could not be read as tool notifications with their line', () => {
    const notes = log.runs[0].invocations[0].toolExecutionNotifications as {
      level: string;
      descriptor: { id: string };
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
      }[];
    }[];
    const bad = notes.find((n) => n.descriptor.id === 'invalid-json');
    expect(bad?.level).toBe('error');
    expect(bad?.locations[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'test/validate/fixtures/broken/bad.json' },
      region: { startLine: 7 },
    });
    expect(notes.map((n) => n.descriptor.id)).toContain('unresolved-value');
  });
});
