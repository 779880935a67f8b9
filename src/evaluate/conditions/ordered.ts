/**
 * The six comparison operators IAM has for ordered values (numbers, dates): `<Family>Equals`, `NotEquals`,
 * `LessThan`, `LessThanEquals`, `GreaterThan`, `GreaterThanEquals`. A family only says how to read a value.
 */
import type { OperatorDefinition, ValueProblem } from './types.js';

type Compare = (request: number, policy: number) => boolean;

const COMPARISONS: readonly [suffix: string, negated: boolean, compare: Compare][] = [
  ['Equals', false, (r, p) => r === p],
  ['NotEquals', true, (r, p) => r === p],
  ['LessThan', false, (r, p) => r < p],
  ['LessThanEquals', false, (r, p) => r <= p],
  ['GreaterThan', false, (r, p) => r > p],
  ['GreaterThanEquals', false, (r, p) => r >= p],
];

/**
 * The operators of one family: `parse` reads a policy or request value (undefined when it is not one),
 * `expected` says what a policy value must be, for the problem reported. A request value that does not
 * parse compares with nothing.
 */
export function orderedOperators(
  family: string,
  parse: (text: string) => number | undefined,
  expected: string,
): OperatorDefinition[] {
  return COMPARISONS.map(([suffix, negated, compare]) => {
    const name = `${family}${suffix}`;
    return {
      kind: 'compare',
      name,
      negated,
      compile(values) {
        const problems: ValueProblem[] = [];
        const parsed: number[] = [];
        values.forEach((raw, index) => {
          const v = parse(raw);
          if (v === undefined) {
            problems.push({
              index,
              code: 'invalid-condition-value',
              message: `${name} needs ${expected}, found "${raw}"`,
            });
          } else {
            parsed.push(v);
          }
        });
        return {
          problems,
          matcher: (requestValue) => {
            const r = parse(requestValue);
            return r !== undefined && parsed.some((p) => compare(r, p));
          },
        };
      },
    };
  });
}
