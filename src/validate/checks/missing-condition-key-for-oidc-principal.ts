import { defineCheck, TRUST_POLICY } from './define-check.js';
import { oidcTrusts } from './support/oidc.js';
import { GITHUB_OIDC } from './support/principals.js';

export default defineCheck({
  id: 'missing-condition-key-for-oidc-principal',
  code: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'OIDC provider trusted without a condition on its claims',
  description:
    "Without a condition on the provider's claims (`<provider>:aud`, `<provider>:sub`, ...) any identity the provider issues tokens to, for any application, can assume the role. Add conditions on the audience and subject.",
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const t of oidcTrusts(ctx)) {
      if (t.provider === GITHUB_OIDC || t.keys.size > 0) continue; // GitHub: missing-github-repo-condition-key
      report({
        path: t.entry.path,
        message: `Any identity of \`${t.provider}\` can assume this role: the ${t.statement.label} has no condition on its claims; add \`${t.provider}:aud\` and \`${t.provider}:sub\` conditions.`,
      });
    }
  },
});
