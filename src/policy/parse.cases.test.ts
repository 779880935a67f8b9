/**
 * Runs `parse.cases.json`: one case per grammar rule. `input` is a policy value, or `{"text": ...}` for
 * policy JSON text. Expected diagnostics read `<severity> <code> at <path>`, plus `(<line>:<column>)`
 * for text. Set `"only": true` on a case to run it alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDiagnostic } from './diagnostics.js';
import { parsePolicy, parsePolicyText } from './parse.js';

interface ParseCase {
  name: string;
  only?: boolean;
  input: unknown;
  expected: { diagnostics: string[] };
}

const cases = JSON.parse(readFileSync(new URL('./parse.cases.json', import.meta.url), 'utf8')) as ParseCase[];
const focused = cases.some((c) => c.only);

function show(d: PolicyDiagnostic): string {
  const at = d.line !== undefined ? ` (${d.line}:${d.column})` : '';
  return `${d.severity} ${d.code} at ${d.path === '' ? '(document)' : d.path}${at}`;
}

function isText(input: unknown): input is { text: string } {
  return typeof input === 'object' && input !== null && 'text' in input && typeof input.text === 'string';
}

describe('policy grammar (parse.cases.json)', () => {
  for (const c of cases) {
    const run = focused && !c.only ? it.skip : it;
    run(c.name, () => {
      // Given the case's policy, When it is parsed
      const result = isText(c.input) ? parsePolicyText(c.input.text, 'policy.json') : parsePolicy(c.input);
      // Then exactly the expected problems are reported, each at its path
      expect(result.diagnostics.map(show)).toEqual(c.expected.diagnostics);
    });
  }

  it('has unique case names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});
