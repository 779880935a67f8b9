import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'create-slr-with-star-in-resource-and-notaction',
  code: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'NotAction on `Resource: "*"` (includes iam:CreateServiceLinkedRole)',
  description:
    'NotAction on `Resource: "*"` allows iam:CreateServiceLinkedRole unless it is excluded: the principal can create the service-linked role of any AWS service, which gives that service permissions in the account. Restrict it with an `iam:AWSServiceName` condition naming the services, or name the service-linked roles in Resource.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:CreateServiceLinkedRole', ['iam:AWSServiceName'])) {
      if (g.variant !== 'star-in-resource-and-notaction') continue;
      report({
        path: g.path,
        message: `NotAction on \`"*"\` allows \`iam:CreateServiceLinkedRole\`, so the principal can create the service-linked role of any AWS service, which gives that service permissions in the account; list the actions to allow instead, or add \`iam:CreateServiceLinkedRole\` to NotAction.`,
      });
    }
  },
});
