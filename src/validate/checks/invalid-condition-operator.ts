import { defineCheck } from './define-check.js';
import { closest, didYouMean } from './support/did-you-mean.js';
import { OPERATOR_NAMES } from './support/operators.js';

const QUALIFIERS = ['ForAllValues', 'ForAnyValue'];

function suggest(operator: string): string | undefined {
  const colon = operator.indexOf(':');
  const qualifierText = colon >= 0 ? operator.slice(0, colon) : undefined;
  let base = colon >= 0 ? operator.slice(colon + 1) : operator;
  const ifExists = /ifexists$/i.test(base);
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const b = closest(base, OPERATOR_NAMES);
  if (!b) return undefined;
  const q = qualifierText === undefined ? undefined : closest(qualifierText, QUALIFIERS);
  if (qualifierText !== undefined && !q) return undefined;
  return `${q ? `${q}:` : ''}${b}${ifExists ? 'IfExists' : ''}`;
}

export default defineCheck({
  id: 'invalid-condition-operator',
  code: 'INVALID_CONDITION_OPERATOR',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Unknown condition operator',
  description:
    'The condition operator is not one IAM knows (StringEquals, ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress, Null, ... with optional IfExists and ForAllValues:/ForAnyValue:). IAM rejects the policy. Correct the operator.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const seen = new Set<string>();
      for (const c of st.conditions) {
        if (c.op || seen.has(c.operator)) continue;
        seen.add(c.operator);
        report({
          path: c.operatorPath,
          key: true,
          message: `\`${c.operator}\` is not a condition operator${didYouMean(suggest(c.operator))}`,
        });
      }
    }
  },
});
