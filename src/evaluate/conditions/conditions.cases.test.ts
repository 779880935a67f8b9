/**
 * Runs `conditions.cases.json`: one case per condition operator rule. Each case puts its Condition
 * block on an Allow statement for `*` and evaluates one request with the case's context; `applies` is
 * whether that statement allowed it, and `dependsOn` the context keys reported as missing.
 * A context value of `null` declares the key absent. Set `"only": true` on a case to run it alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../policy/parse.js';
import { compilePolicy } from '../compile.js';
import { evaluate } from '../evaluate.js';
import type { RequestContext } from '../types.js';

interface ConditionCase {
  name: string;
  only?: boolean;
  input: { condition: Record<string, unknown>; context?: RequestContext };
  expected: { applies: boolean; dependsOn: string[] };
}

const cases = JSON.parse(
  readFileSync(new URL('./conditions.cases.json', import.meta.url), 'utf8'),
) as ConditionCase[];
const focused = cases.some((c) => c.only);

describe('condition operators (conditions.cases.json)', () => {
  for (const c of cases) {
    const run = focused && !c.only ? it.skip : it;
    run(c.name, () => {
      // Given an Allow statement guarded by the case's condition
      const parsed = parsePolicy({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'svc:Act', Resource: '*', Condition: c.input.condition }],
      });
      const policy = compilePolicy(parsed.policy, 'identity');
      expect(policy.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // When a request carries the case's context
      const request = {
        action: 'svc:Act',
        resource: '*',
        ...(c.input.context ? { context: c.input.context } : {}),
      };
      const result = evaluate(request, { identity: [policy] });
      // Then the statement applies (or not) and names the keys it needed but did not get
      expect(result.decision === 'Allowed').toBe(c.expected.applies);
      expect(result.dependsOn).toEqual(c.expected.dependsOn);
    });
  }

  it('has unique case names', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});
