/**
 * Runs every check against its case table `fixtures/<id>.json`: good cases give no finding, bad cases
 * give exactly the expected findings (by path, with message fragments). Each case runs only its check.
 * Set `"only": true` on a case to focus on it while debugging.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checks } from './index.js';
import {
  expandFixture,
  type FixtureCase,
  type FixtureTable,
  fixturePath,
  policyFromValue,
  runCheck,
  type TestPolicyOptions,
} from './test-helpers.js';

function policyOf(c: FixtureCase) {
  const options: TestPolicyOptions = { file: 'fixture.json', resourceName: 'FixtureResource' };
  if (c.policyType) options.policyType = c.policyType;
  if (c.resourceType) options.resourceType = c.resourceType;
  if (c.unresolved) options.unresolved = c.unresolved;
  return policyFromValue(expandFixture(c.policy), options);
}

for (const check of checks) {
  const file = fixturePath(check.id);
  if (!existsSync(file)) continue; // registry.test.ts reports it
  const table = JSON.parse(readFileSync(file, 'utf8')) as FixtureTable;
  const focus = [...table.good, ...table.bad].some((c) => c.only);
  const test = (c: FixtureCase) => (focus && !c.only ? it.skip : it);

  describe(`${check.id} (${check.code})`, () => {
    for (const c of table.good) {
      test(c)(`good: ${c.name}`, () => {
        // Given a policy the check should accept, When only this check runs, Then it reports nothing
        const findings = runCheck(check, policyOf(c), c.options);
        expect(findings.map((f) => `${f.path}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of table.bad) {
      test(c)(`bad: ${c.name}`, () => {
        // Given a policy with the problem, When only this check runs
        const findings = runCheck(check, policyOf(c), c.options);
        // Then it reports exactly the expected paths, with its own code and the expected words
        expect(findings.map((f) => f.path)).toEqual((c.expected ?? []).map((e) => e.path));
        expect(new Set(findings.map((f) => f.code))).toEqual(new Set([check.code]));
        (c.expected ?? []).forEach((e, i) => {
          if (e.message) expect(findings[i]?.message).toContain(e.message);
          expect(findings[i]?.location.line).toBeGreaterThan(0);
        });
      });
    }
  });
}
