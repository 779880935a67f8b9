/** Numeric operators: integers and decimals. No policy variables (IAM does not substitute them here). */
import type { OperatorDefinition, ValueProblem } from './types.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number from policy or request text, or undefined when the text is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

type Compare = (request: number, policy: number) => boolean;

function numericOperator(name: string, negated: boolean, compare: Compare): OperatorDefinition {
  return {
    kind: 'compare',
    name,
    negated,
    compile(values) {
      const problems: ValueProblem[] = [];
      const numbers: number[] = [];
      values.forEach((raw, index) => {
        const n = parseNumber(raw);
        if (n === undefined) {
          problems.push({
            index,
            code: 'invalid-condition-value',
            message: `${name} needs a number, found "${raw}"`,
          });
        } else {
          numbers.push(n);
        }
      });
      return {
        problems,
        // A request value that is not a number compares with nothing.
        matcher: (requestValue) => {
          const r = parseNumber(requestValue);
          return r !== undefined && numbers.some((p) => compare(r, p));
        },
      };
    },
  };
}

export const numericOperators: OperatorDefinition[] = [
  numericOperator('NumericEquals', false, (r, p) => r === p),
  numericOperator('NumericNotEquals', true, (r, p) => r === p),
  numericOperator('NumericLessThan', false, (r, p) => r < p),
  numericOperator('NumericLessThanEquals', false, (r, p) => r <= p),
  numericOperator('NumericGreaterThan', false, (r, p) => r > p),
  numericOperator('NumericGreaterThanEquals', false, (r, p) => r >= p),
];
