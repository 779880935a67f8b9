/**
 * Runs `evaluate.cases.json`: one case per evaluation rule of the IAM user guide. Each case gives the
 * policies by kind (JSON documents) and one request; the expected result names matched statements as
 * `<kind>[<index>] <statement path>`, e.g. `identity[0] Statement[1]`.
 * Set `"only": true` on a case to run it alone while debugging.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../policy/parse.js';
import { type CompiledPolicy, compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import type { EvaluationRequest, PolicySet, PolicyType } from './types.js';

type Slot = keyof PolicySet;

interface EvaluationCase {
  name: string;
  only?: boolean;
  input: { policies: Partial<Record<Slot, unknown[]>>; request: EvaluationRequest };
  expected: { decision: string; matched?: string[]; dependsOn: string[]; notAllowedBy?: string[] };
}

const cases = JSON.parse(
  readFileSync(new URL('./evaluate.cases.json', import.meta.url), 'utf8'),
) as EvaluationCase[];

const typeOf: Record<Slot, PolicyType> = {
  identity: 'identity',
  resource: 'resource',
  permissionBoundaries: 'permissions-boundary',
  scps: 'scp',
  rcps: 'rcp',
  session: 'session',
};

function compileSet(policies: EvaluationCase['input']['policies']): PolicySet {
  const set: PolicySet = { identity: [] };
  for (const [slot, docs] of Object.entries(policies) as [Slot, unknown[]][]) {
    const compiled: CompiledPolicy[] = docs.map((doc, i) => {
      const parsed = parsePolicy(doc);
      expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const policy = compilePolicy(parsed.policy, typeOf[slot], { name: `${slot}[${i}]` });
      expect(policy.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return policy;
    });
    set[slot] = compiled;
  }
  return set;
}

const focused = cases.some((c) => c.only);

describe('evaluation rules (evaluate.cases.json)', () => {
  for (const c of cases) {
    const run = focused && !c.only ? it.skip : it;
    run(c.name, () => {
      // Given the policies of the case, compiled for their kinds
      const set = compileSet(c.input.policies);
      // When the request is evaluated
      const result = evaluate(c.input.request, set);
      // Then the decision, the deciding statements and the missing context are as expected
      expect(result.decision).toBe(c.expected.decision);
      expect(result.dependsOn).toEqual(c.expected.dependsOn);
      if (c.expected.matched)
        expect(result.matched.map((m) => `${m.policy} ${m.path}`)).toEqual(c.expected.matched);
      if (c.expected.notAllowedBy) {
        expect(result.decision === 'ImplicitDeny' ? result.notAllowedBy : undefined).toEqual(
          c.expected.notAllowedBy,
        );
      }
    });
  }

  it('has unique case names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});
