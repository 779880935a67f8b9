import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'scp-syntax-error-principal',
  code: 'SCP_SYNTAX_ERROR_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Principal in a service control policy',
  description:
    'A service control policy applies to the principals of the accounts it is attached to and cannot name principals. Remove Principal or NotPrincipal; to exempt principals use a condition such as `aws:PrincipalArn`.',
  appliesTo: ['SERVICE_CONTROL_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const element of ['Principal', 'NotPrincipal'] as const) {
        if (!st.raw || !Object.hasOwn(st.raw, element)) continue;
        report({
          path: [...st.path, element],
          key: true,
          message: `An SCP cannot name a \`${element}\`; remove it, and use a condition on \`aws:PrincipalArn\` to exempt principals.`,
        });
      }
    }
  },
});
