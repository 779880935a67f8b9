import { defineCheck } from './define-check.js';
import { isObject } from './support/policy-view.js';

export default defineCheck({
  id: 'empty-object-condition',
  code: 'EMPTY_OBJECT_CONDITION',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Condition or a condition operator is an empty object',
  description:
    'An empty Condition (or an operator with no keys) restricts nothing. Add the condition keys you meant, or remove it.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const cond = st.raw?.Condition;
      if (!isObject(cond)) continue;
      if (Object.keys(cond).length === 0) {
        report({
          path: [...st.path, 'Condition'],
          message: '`Condition` is empty and restricts nothing; add the keys you meant or remove it.',
        });
        continue;
      }
      for (const [op, keys] of Object.entries(cond)) {
        if (isObject(keys) && Object.keys(keys).length === 0) {
          report({
            path: [...st.path, 'Condition', op],
            message: `\`${op}\` has no condition keys and restricts nothing; add the keys you meant or remove it.`,
          });
        }
      }
    }
  },
});
