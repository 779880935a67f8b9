/**
 * `BinaryEquals`: the policy value is base64; the request value (context values are text) is base64 too,
 * and the decoded bytes are compared. No policy variables.
 */
import type { OperatorDefinition, ValueProblem } from './types.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decode(text: string): Buffer | undefined {
  const t = text.trim();
  return BASE64.test(t) ? Buffer.from(t, 'base64') : undefined;
}

export const binaryOperators: OperatorDefinition[] = [
  {
    kind: 'compare',
    name: 'BinaryEquals',
    negated: false,
    compile(values) {
      const problems: ValueProblem[] = [];
      const decoded: Buffer[] = [];
      values.forEach((raw, index) => {
        const b = decode(raw);
        if (b === undefined) {
          problems.push({
            index,
            code: 'invalid-condition-value',
            message: `BinaryEquals needs base64, found "${raw}"`,
          });
        } else {
          decoded.push(b);
        }
      });
      return {
        problems,
        matcher: (requestValue) => {
          const r = decode(requestValue);
          return r !== undefined && decoded.some((p) => p.equals(r));
        },
      };
    },
  },
];
