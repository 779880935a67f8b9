import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'empty-array-resource',
  code: 'EMPTY_ARRAY_RESOURCE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Resource is an empty array',
  description:
    'A statement whose Resource list is empty applies to no resource and has no effect. Add the resources or remove the statement.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const v = st.raw?.Resource;
      if (Array.isArray(v) && v.length === 0) {
        report({
          path: [...st.path, 'Resource'],
          message: `\`Resource\` is empty, so the ${st.label} has no effect; add the resource ARNs or remove the statement.`,
        });
      }
    }
  },
});
