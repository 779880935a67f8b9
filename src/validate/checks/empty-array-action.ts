import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'empty-array-action',
  code: 'EMPTY_ARRAY_ACTION',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Action is an empty array',
  description:
    'A statement whose Action list is empty applies to no action and has no effect. Add the actions or remove the statement.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const v = st.raw?.Action;
      if (Array.isArray(v) && v.length === 0) {
        report({
          path: [...st.path, 'Action'],
          message: `\`Action\` is empty, so the ${st.label} has no effect; add the actions or remove the statement.`,
        });
      }
    }
  },
});
