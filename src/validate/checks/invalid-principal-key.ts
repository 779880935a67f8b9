import { defineCheck } from './define-check.js';
import { closest, didYouMean } from './support/did-you-mean.js';
import { isObject } from './support/policy-view.js';
import { PRINCIPAL_TYPES } from './support/statements.js';

export default defineCheck({
  id: 'invalid-principal-key',
  code: 'INVALID_PRINCIPAL_KEY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Unknown principal type',
  description:
    'The keys of a Principal object are `AWS`, `Service`, `Federated` and `CanonicalUser`, spelt exactly so. Correct the key.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        const v = st.raw?.[element];
        if (!isObject(v)) continue;
        for (const type of Object.keys(v)) {
          if ((PRINCIPAL_TYPES as readonly string[]).includes(type)) continue;
          report({
            path: [...st.path, element, type],
            key: true,
            message: `\`${type}\` is not a principal type (\`AWS\`, \`Service\`, \`Federated\`, \`CanonicalUser\`)${didYouMean(closest(type, PRINCIPAL_TYPES))}`,
          });
        }
      }
    }
  },
});
