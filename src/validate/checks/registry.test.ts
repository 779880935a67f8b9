/**
 * Keeps the registry, the check files, their fixtures and docs/checks.md in step. With
 * LEASTPRIV_WRITE_DOCS=1 (scripts/make-check-docs.mjs) it writes docs/checks.md instead of comparing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCheckDocs } from './check-docs.js';
import { checkIdOf } from './define-check.js';
import { checks } from './index.js';
import { ENGINE_CODES } from './run-checks.js';
import type { FixtureTable } from './test-helpers.js';

const DIR = import.meta.dirname;
const DOCS = join(DIR, '../../../docs/checks.md');
const REFERENCE = join(DIR, '../../../../shared/reference/access-analyzer-checks.md');
/** Files of checks/ that are not checks. */
const FRAMEWORK = ['check-docs', 'define-check', 'index', 'run-checks', 'test-helpers'];

describe('the check registry', () => {
  it('registers every check file, sorted by id, one id and one code each', () => {
    // Given the files of the checks folder and the registry
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -3))
      .filter((f) => !FRAMEWORK.includes(f))
      .sort();
    const ids = checks.map((c) => c.id);
    // Then each file is registered once, in order, and named after its check
    expect(ids).toEqual(files);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(checks.map((c) => c.code)).size).toBe(checks.length);
    for (const c of checks) expect(c.id, c.code).toBe(checkIdOf(c.code));
    const codes = new Set(checks.map((c) => c.code));
    for (const e of ENGINE_CODES) expect(codes.has(e.code), e.code).toBe(false);
  });

  it('gives every check a title, a description and a test with good and bad cases', () => {
    for (const c of checks) {
      expect(c.title.length, c.id).toBeGreaterThan(10);
      expect(c.description, c.id).toMatch(/\.$/);
      const file = join(DIR, 'fixtures', `${c.id}.json`);
      expect(existsSync(file), `fixtures/${c.id}.json`).toBe(true);
      const table = JSON.parse(readFileSync(file, 'utf8')) as FixtureTable;
      expect(table.good.length, `${c.id}: good cases`).toBeGreaterThan(0);
      expect(table.bad.length, `${c.id}: bad cases`).toBeGreaterThan(0);
      for (const bad of table.bad) expect(bad.expected?.length, `${c.id}: ${bad.name}`).toBeGreaterThan(0);
      expect(
        [...table.good, ...table.bad].some((x) => x.only),
        `${c.id}: a focused case was left in`,
      ).toBe(false);
    }
  });

  it.skipIf(!existsSync(REFERENCE))("uses only Access Analyzer's own codes for its checks", () => {
    // Given the reference list of Access Analyzer's issue codes
    const reference = new Set(
      readFileSync(REFERENCE, 'utf8')
        .match(/`[A-Z][A-Z_]+[A-Z]`/g)
        ?.map((c) => c.slice(1, -1)),
    );
    // Then every check said to be Access Analyzer's has one of them, and ours do not borrow one
    for (const c of checks) expect(reference.has(c.code), c.code).toBe(c.origin === 'access-analyzer');
  });

  it('documents every check in docs/checks.md', () => {
    const rendered = renderCheckDocs(checks);
    if (process.env.LEASTPRIV_WRITE_DOCS === '1') writeFileSync(DOCS, rendered);
    const current = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '';
    expect(current, 'docs/checks.md is out of date: run `node scripts/make-check-docs.mjs`').toBe(rendered);
  });
});
