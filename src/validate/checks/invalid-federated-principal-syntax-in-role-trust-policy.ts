import { defineCheck, TRUST_POLICY } from './define-check.js';
import { principalValues } from './support/principal-entries.js';

const PROVIDER_ARN = /^arn:[a-z-]+:iam::(\d{12}|\$\{[^}]+\}):(saml-provider|oidc-provider)\/.+$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export default defineCheck({
  id: 'invalid-federated-principal-syntax-in-role-trust-policy',
  code: 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Federated principal is not an identity provider',
  description:
    'A Federated principal is the ARN of an IAM SAML or OIDC provider (`arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`) or the domain of a built-in web identity provider (`cognito-identity.amazonaws.com`, `accounts.google.com`). Correct the value.',
  appliesTo: ['RESOURCE_POLICY'],
  resourceTypes: [TRUST_POLICY],
  check(ctx, report) {
    for (const p of principalValues(ctx)) {
      if (p.type !== 'Federated' || PROVIDER_ARN.test(p.value) || DOMAIN.test(p.value)) continue;
      report({
        path: p.path,
        message: `\`${p.value}\` is neither the ARN of a SAML or OIDC provider (\`arn:aws:iam::111122223333:oidc-provider/...\`) nor a provider domain such as \`accounts.google.com\`.`,
      });
    }
  },
});
