import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'create-slr-with-star-in-action-and-resource',
  code: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: '`"*"` actions on `Resource: "*"` (includes iam:CreateServiceLinkedRole)',
  description:
    '`Action: "*"` on `Resource: "*"` includes iam:CreateServiceLinkedRole: the principal can create the service-linked role of any AWS service, which gives that service permissions in the account. Restrict it with an `iam:AWSServiceName` condition naming the services, or name the service-linked roles in Resource.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:CreateServiceLinkedRole', ['iam:AWSServiceName'])) {
      if (g.variant !== 'star-in-action-and-resource') continue;
      report({
        path: g.path,
        message: `\`"*"\` on \`"*"\` includes \`iam:CreateServiceLinkedRole\`, so the principal can create the service-linked role of any AWS service, which gives that service permissions in the account; grant only the actions needed.`,
      });
    }
  },
});
