/**
 * Runs `rules.cases.json`: one hand-written case per rule of the IAM evaluation logic documentation
 * (the case names its doc file and section). Our engine must give the documented decision; iam-simulate
 * must agree, or the disagreement must be in `known-differences.json` (id `h-...`), explained by its rules.
 * Set `"only": true` on a case to run it alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, key, known, neutralizedAgree } from './differential.js';
import type { Decision } from './engines.js';
import type { DifferentialCase } from './generate-cases.js';

interface RuleCase {
  id: string;
  name: string;
  doc: string;
  section: string;
  only?: boolean;
  input: Omit<DifferentialCase, 'id'>;
  expected: Decision;
}

const cases = JSON.parse(readFileSync(new URL('./rules.cases.json', import.meta.url), 'utf8')) as RuleCase[];
const focused = cases.some((c) => c.only);

describe('the IAM evaluation rules, against the documentation and iam-simulate (rules.cases.json)', () => {
  for (const c of cases) {
    const run = focused && !c.only ? it.skip : it;
    run(`${c.name} (${c.doc})`, async () => {
      // Given the case's policies and request
      const diffCase: DifferentialCase = { id: c.id, ...c.input };
      // When both engines decide
      const { ours, theirs } = await decide(diffCase);
      // Then ours is the documented decision
      expect(ours).toBe(c.expected);
      // And iam-simulate agrees, or the disagreement is reviewed and explained by its rules
      const recorded = known.cases.find((k) => k.id === c.id);
      if (ours === theirs) {
        expect(recorded, `${c.id} agrees now: take it out of known-differences.json`).toBeUndefined();
      } else {
        expect(recorded && key(recorded), `record ${key({ id: c.id, ours, theirs })}`).toBe(
          key({ id: c.id, ours, theirs }),
        );
        expect(await neutralizedAgree(diffCase, recorded!.rules)).toBe(true);
      }
    });
  }

  it('has unique ids and names, and every case cites a doc and section', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const c of cases) expect(c.doc && c.section, c.id).toBeTruthy();
  });

  it('records no hand-written disagreement for a case that does not exist', () => {
    const ids = new Set(cases.map((c) => c.id));
    for (const k of known.cases.filter((k) => k.id.startsWith('h-'))) expect(ids.has(k.id), k.id).toBe(true);
  });
});
