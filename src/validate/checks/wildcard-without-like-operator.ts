import { defineCheck } from './define-check.js';
import { conditionUses, withoutVariables } from './support/conditions.js';

export default defineCheck({
  id: 'wildcard-without-like-operator',
  code: 'WILDCARD_WITHOUT_LIKE_OPERATOR',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Wildcard in a value compared without a Like operator',
  description:
    'StringEquals and the other exact string operators compare `*` and `?` as plain characters, so a value meant as a pattern matches only itself. Use `StringLike` (or `StringNotLike`).',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'String' || c.op.wildcards) continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string') continue;
        const text = withoutVariables(v.value);
        if (!text.includes('*') && !text.includes('?')) continue;
        const like = c.op.negated ? 'StringNotLike' : 'StringLike';
        report({
          path: v.path,
          message: `\`${c.operator}\` compares \`${v.value}\` literally, wildcards included; use \`${like}\` if it is a pattern.`,
        });
      }
    }
  },
});
