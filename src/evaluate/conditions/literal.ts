/**
 * An operator whose policy values are literals of one syntax, without policy variables (numbers, dates, IP
 * ranges, base64): each policy value is read once when the policy is compiled, and one that does not read is
 * a problem (`<operator> needs <expected>, found "<value>"`). A request value matches when it reads and
 * `matches` holds for it and one of the policy's values; a request value that does not read matches nothing.
 */
import type { OperatorDefinition, ValueProblem } from './types.js';

export interface LiteralOperatorSpec<P, R> {
  name: string;
  negated: boolean;
  /** What a policy value must be, for the problem reported: `a number`, `base64`... */
  expected: string;
  readPolicyValue(text: string): P | undefined;
  readRequestValue(text: string): R | undefined;
  matches(request: R, policy: P): boolean;
}

export function literalOperator<P, R>(spec: LiteralOperatorSpec<P, R>): OperatorDefinition {
  const { name, expected, readPolicyValue, readRequestValue, matches } = spec;
  return {
    kind: 'compare',
    name,
    negated: spec.negated,
    compile(values) {
      const problems: ValueProblem[] = [];
      const read: P[] = [];
      values.forEach((raw, index) => {
        const v = readPolicyValue(raw);
        if (v === undefined) {
          problems.push({
            index,
            code: 'invalid-condition-value',
            message: `${name} needs ${expected}, found "${raw}"`,
          });
        } else {
          read.push(v);
        }
      });
      return {
        problems,
        matcher: (requestValue) => {
          const r = readRequestValue(requestValue);
          return r !== undefined && read.some((p) => matches(r, p));
        },
      };
    },
  };
}
