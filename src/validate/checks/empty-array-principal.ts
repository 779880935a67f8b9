import { defineCheck } from './define-check.js';
import { isObject } from './support/policy-view.js';

export default defineCheck({
  id: 'empty-array-principal',
  code: 'EMPTY_ARRAY_PRINCIPAL',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'A principal type has an empty array',
  description: 'A principal type with an empty list names nobody. Add the principals or remove the entry.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        const v = st.raw?.[element];
        if (!isObject(v)) continue;
        for (const [type, list] of Object.entries(v)) {
          if (Array.isArray(list) && list.length === 0) {
            report({
              path: [...st.path, element, type],
              message: `\`${element}.${type}\` is empty and names nobody; add the principals or remove the entry.`,
            });
          }
        }
      }
    }
  },
});
