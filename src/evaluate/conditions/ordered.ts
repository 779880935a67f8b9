/**
 * The six comparison operators IAM has for ordered values (numbers, dates): `<Family>Equals`, `NotEquals`,
 * `LessThan`, `LessThanEquals`, `GreaterThan`, `GreaterThanEquals`. A family only says how to read a value.
 */
import { literalOperator } from './literal.js';
import type { OperatorDefinition } from './types.js';

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
  return COMPARISONS.map(([suffix, negated, compare]) =>
    literalOperator({
      name: `${family}${suffix}`,
      negated,
      expected,
      readPolicyValue: parse,
      readRequestValue: parse,
      matches: compare,
    }),
  );
}
