/**
 * The body of the generated differential tests, one seed per test file so that vitest runs the seeds in
 * parallel. Each seed's cases are compared with iam-simulate; the disagreements must be exactly the
 * reviewed ones recorded for that seed, and each recorded one must be explained by its rules.
 */
import { describe, expect, it } from 'vitest';
import { compare, type Disagreement, key, known, neutralizedAgree, proposal } from './differential.js';
import { type DifferentialCase, generateCase } from './generate-cases.js';

export function generatedSuite(seed: number): void {
  if (!known.generated.seeds.includes(seed)) throw new Error(`seed ${seed} is not in known-differences.json`);
  const prefix = `g${seed}-`;
  const count = known.generated.casesPerSeed;
  const cases: DifferentialCase[] = Array.from({ length: count }, (_, i) => generateCase(seed, i));
  const byId = new Map(cases.map((c) => [c.id, c]));
  const recorded = known.cases.filter((k) => k.id.startsWith(prefix));

  describe(`${count} generated cases with seed ${seed}`, () => {
    let found: Disagreement[] = [];

    it('disagree with iam-simulate only where known-differences.json says so', async () => {
      // Given the seeded cases, When both engines decide each one
      const result = await compare(cases);
      found = result.disagreements;
      // Then the cases reach every decision often enough to be worth comparing
      for (const n of Object.values(result.decisions)) expect(n).toBeGreaterThan(count * 0.1);
      // And the disagreements are exactly the reviewed ones (the message lists the lines to change)
      const same = found.map(key).join('\n') === recorded.map(key).join('\n');
      expect(same, same ? '' : await proposal(found, recorded, byId)).toBe(true);
    });

    it('each recorded disagreement disappears when its rules are neutralized', async () => {
      for (const r of recorded) {
        const c = byId.get(r.id);
        expect(c, `${r.id} is not a generated case`).toBeDefined();
        for (const rule of r.rules) expect(known.rules[rule], `${r.id}: unknown rule ${rule}`).toBeDefined();
        expect(await neutralizedAgree(c!, r.rules), `${r.id} is not explained by ${r.rules.join(', ')}`).toBe(
          true,
        );
      }
    });
  });
}
