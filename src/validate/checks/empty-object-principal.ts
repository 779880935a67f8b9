import { defineCheck } from './define-check.js';
import { isObject } from './support/policy-view.js';

export default defineCheck({
  id: 'empty-object-principal',
  code: 'EMPTY_OBJECT_PRINCIPAL',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Principal is an empty object',
  description:
    'An empty Principal object names nobody, so the statement applies to no one. Add the principals or remove the statement.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        const v = st.raw?.[element];
        if (isObject(v) && Object.keys(v).length === 0) {
          report({
            path: [...st.path, element],
            message: `\`${element}\` is an empty object and names nobody; add the principals.`,
          });
        }
      }
    }
  },
});
