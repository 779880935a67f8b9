import { defineCheck, TRUST_POLICY } from './define-check.js';

export default defineCheck({
  id: 'role-trust-policy-syntax-error-notprincipal',
  code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'NotPrincipal in a role trust policy',
  description:
    'A role trust policy cannot use NotPrincipal. Name the principals that may assume the role with Principal.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.raw || !Object.hasOwn(st.raw, 'NotPrincipal')) continue;
      report({
        path: [...st.path, 'NotPrincipal'],
        key: true,
        message:
          'A role trust policy cannot use `NotPrincipal`; name who may assume the role with `Principal`.',
      });
    }
  },
});
