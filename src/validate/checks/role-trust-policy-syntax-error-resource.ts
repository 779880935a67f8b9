import { defineCheck, TRUST_POLICY } from './define-check.js';

export default defineCheck({
  id: 'role-trust-policy-syntax-error-resource',
  code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Resource in a role trust policy',
  description:
    'The resource of a role trust policy is the role itself, so the policy has no Resource or NotResource element. Remove it.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const st of ctx.statements) {
      for (const element of ['Resource', 'NotResource'] as const) {
        if (!st.raw || !Object.hasOwn(st.raw, element)) continue;
        report({
          path: [...st.path, element],
          key: true,
          message: `A role trust policy applies to its role and cannot have \`${element}\`; remove it.`,
        });
      }
    }
  },
});
