import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'rcp-syntax-error-principal',
  code: 'RCP_SYNTAX_ERROR_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'RCP statement whose Principal is not `*`',
  description:
    'In a resource control policy every statement has `"Principal": "*"` and no NotPrincipal; principals are narrowed with conditions such as `aws:PrincipalOrgID`. Set the principal to `*`.',
  appliesTo: ['RESOURCE_CONTROL_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.raw) continue;
      if (Object.hasOwn(st.raw, 'NotPrincipal')) {
        report({
          path: [...st.path, 'NotPrincipal'],
          key: true,
          message:
            'An RCP cannot use `NotPrincipal`; write `"Principal": "*"` and narrow it with conditions.',
        });
      }
      if (!Object.hasOwn(st.raw, 'Principal')) {
        if (!Object.hasOwn(st.raw, 'NotPrincipal')) {
          report({
            path: st.path,
            message: `The ${st.label} has no \`Principal\`; an RCP statement needs \`"Principal": "*"\`.`,
          });
        }
      } else if (st.raw.Principal !== '*') {
        report({
          path: [...st.path, 'Principal'],
          message:
            'An RCP statement\'s `Principal` must be `"*"`; narrow the principals with conditions such as `aws:PrincipalOrgID`.',
        });
      }
    }
  },
});
