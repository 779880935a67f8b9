/**
 * `BinaryEquals`: the policy value is base64; the request value (context values are text) is base64 too,
 * and the decoded bytes are compared. No policy variables.
 */
import { literalOperator } from './literal.js';
import type { OperatorDefinition } from './types.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decode(text: string): Buffer | undefined {
  const t = text.trim();
  return BASE64.test(t) ? Buffer.from(t, 'base64') : undefined;
}

export const binaryOperators: OperatorDefinition[] = [
  literalOperator({
    name: 'BinaryEquals',
    negated: false,
    expected: 'base64',
    readPolicyValue: decode,
    readRequestValue: decode,
    matches: (request, policy) => policy.equals(request),
  }),
];
