import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'unsupported-principal',
  code: 'UNSUPPORTED_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Principal in an identity policy',
  description:
    'An identity policy applies to the user, group or role it is attached to, so it has no Principal element; IAM rejects one. Remove it, or put the statement in a resource policy.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        if (!st.raw || !Object.hasOwn(st.raw, element)) continue;
        report({
          path: [...st.path, element],
          key: true,
          message: `An identity policy applies to the identity it is attached to and cannot name a \`${element}\`; remove it.`,
        });
      }
    }
  },
});
