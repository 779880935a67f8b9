import { defineCheck, TRUST_POLICY } from './define-check.js';

export default defineCheck({
  id: 'role-trust-policy-unsupported-wildcard-in-principal',
  code: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`"Principal": "*"` in a role trust policy',
  description:
    'A role trust policy does not accept `"Principal": "*"`. Name the accounts, roles, services or identity providers that may assume the role.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.principal?.star) continue;
      report({
        path: st.principal.path,
        message: 'A role trust policy does not accept `"Principal": "*"`; name who may assume the role.',
      });
    }
  },
});
