import { defineCheck } from './define-check.js';
import { groupByLocation, policyRisk } from './support/risk.js';
import { listSome } from './support/statements.js';

export default defineCheck({
  id: 'credentials-exposure',
  code: 'CREDENTIALS_EXPOSURE',
  findingType: 'SECURITY_WARNING',
  origin: 'leastpriv',
  title: 'Actions that return credentials, on all resources',
  description:
    'The policy allows, without resource or condition constraints, actions that could be limited to resources and whose response carries credentials, tokens or passwords (`sts:AssumeRole`, `iam:CreateAccessKey`, `ecr:GetAuthorizationToken`, ...): whoever holds it can obtain access beyond the policy. The list is reviewed data in `src/validate/risk/data/risk-credentials-exposure.json`. Name the resources or add conditions.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of groupByLocation(ctx, policyRisk(ctx).risk.credentialsExposure)) {
      report({
        path: g.path,
        message: `The ${g.label} allows ${listSome(g.actions)} on all resources; such actions return credentials, tokens or passwords. Name the resources or add conditions.`,
      });
    }
  },
});
