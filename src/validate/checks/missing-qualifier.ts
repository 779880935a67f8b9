import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'missing-qualifier',
  code: 'MISSING_QUALIFIER',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Multivalued condition key without ForAllValues or ForAnyValue',
  description:
    'A multivalued key (such as `aws:TagKeys` or `aws:PrincipalOrgPaths`) can carry several values in one request; without a set qualifier the comparison is not defined the way one expects. Use `ForAnyValue:` (at least one value matches) or `ForAllValues:` (every value matches).',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (!c.op || c.op.qualifier || c.op.base === 'Null') continue;
      const key = ctx.index.conditionKey(c.key);
      if (!key?.multivalued) continue;
      report({
        path: c.operatorPath,
        key: true,
        message: `\`${c.key}\` is multivalued; write \`ForAnyValue:${c.operator}\` (any value matches) or \`ForAllValues:${c.operator}\` (all values match).`,
      });
    }
  },
});
