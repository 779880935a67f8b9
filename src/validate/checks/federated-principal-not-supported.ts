import { defineCheck } from './define-check.js';
import { principalValues } from './support/principal-entries.js';

export default defineCheck({
  id: 'federated-principal-not-supported',
  code: 'FEDERATED_PRINCIPAL_NOT_SUPPORTED',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Federated principal outside a role trust policy',
  description:
    'Federated principals (SAML and OIDC identity providers) can only be named in role trust policies, to assume the role. Other resource policies do not accept them. Grant the access to the role the federated users assume.',
  appliesTo: ['RESOURCE_POLICY'],
  check(ctx, report) {
    if (ctx.isTrustPolicy) return;
    for (const p of principalValues(ctx)) {
      if (p.type !== 'Federated') continue;
      report({
        path: p.path,
        message: `\`${p.value}\`: federated principals are only accepted in role trust policies; grant the access to the role they assume.`,
      });
    }
  },
});
