import { defineCheck, TRUST_POLICY } from './define-check.js';
import { isSamlProvider } from './support/principals.js';

/** Which assume action fits each kind of principal. */
const FITS = {
  saml: 'sts:AssumeRoleWithSAML',
  oidc: 'sts:AssumeRoleWithWebIdentity',
  aws: 'sts:AssumeRole',
} as const;

export default defineCheck({
  id: 'mismatched-action-for-principal',
  code: 'MISMATCHED_ACTION_FOR_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Assume-role action does not fit the principal',
  description:
    "Accounts, roles, users and services assume a role with `sts:AssumeRole`; SAML providers with `sts:AssumeRoleWithSAML`; OIDC and web identity providers with `sts:AssumeRoleWithWebIdentity`. An action that fits none of the statement's principals grants nothing. Use the matching action.",
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.principal || !st.actions) continue;
      const kinds = new Set<keyof typeof FITS>();
      if (st.principal.star) kinds.add('aws');
      for (const e of st.principal.entries) {
        if (e.type === 'Federated') kinds.add(isSamlProvider(e.value) ? 'saml' : 'oidc');
        else kinds.add('aws');
      }
      if (kinds.size === 0) continue;
      const fitting = [...kinds].map((k) => FITS[k]);
      for (const a of st.actions) {
        const lower = a.value.toLowerCase();
        const assume = Object.values(FITS).find((f) => f.toLowerCase() === lower);
        if (!assume || fitting.includes(assume)) continue;
        report({
          path: a.path,
          message: `\`${a.value}\` does not fit the principals of the ${st.label}; they assume a role with ${fitting.map((f) => `\`${f}\``).join(' or ')}.`,
        });
      }
    }
  },
});
