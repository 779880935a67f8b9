import { defineCheck } from './define-check.js';
import { groupByLocation, policyRisk } from './support/risk.js';
import { listSome } from './support/statements.js';

export default defineCheck({
  id: 'resource-exposure',
  code: 'RESOURCE_EXPOSURE',
  findingType: 'SECURITY_WARNING',
  origin: 'leastpriv',
  title: 'Permissions-management actions on all resources',
  description:
    'The policy allows, without resource or condition constraints, actions at the Permissions management access level that could be limited to resources (`s3:PutBucketPolicy`, `kms:CreateGrant`, `iam:AttachRolePolicy`, ...): the principal can change who has access to resources, including making them public or sharing them with other accounts. Name the resources.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of groupByLocation(ctx, policyRisk(ctx).risk.resourceExposure)) {
      report({
        path: g.path,
        message: `The ${g.label} allows ${listSome(g.actions)} on all resources; such actions change who may access resources. Name the resources.`,
      });
    }
  },
});
