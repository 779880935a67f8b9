import { defineCheck } from './define-check.js';
import { isObject } from './support/policy-view.js';

export default defineCheck({
  id: 'invalid-principal-format',
  code: 'INVALID_PRINCIPAL_FORMAT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Principal is not `*` or an object of principal types',
  description:
    'Principal is either `"*"` or an object such as `{"AWS": ["arn:aws:iam::111122223333:root"], "Service": "lambda.amazonaws.com"}` whose values are strings or arrays of strings. Rewrite it in that shape.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        if (!st.raw || !Object.hasOwn(st.raw, element)) continue;
        const v = st.raw[element];
        const path = [...st.path, element];
        if (v === '*') continue;
        if (!isObject(v)) {
          const hint = typeof v === 'string' ? `; write \`{"AWS": "${v}"}\` or the type that fits` : '';
          report({ path, message: `\`${element}\` must be \`"*"\` or an object of principal types${hint}.` });
          continue;
        }
        for (const [type, value] of Object.entries(v)) {
          if (typeof value === 'string') continue;
          if (Array.isArray(value)) {
            value.forEach((item, i) => {
              if (typeof item !== 'string')
                report({ path: [...path, type, i], message: `Each \`${type}\` principal must be a string.` });
            });
            continue;
          }
          report({
            path: [...path, type],
            message: `The \`${type}\` principals must be a string or an array of strings.`,
          });
        }
      }
    }
  },
});
