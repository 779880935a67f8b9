import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'create-slr-with-star-in-resource',
  code: 'CREATE_SLR_WITH_STAR_IN_RESOURCE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'iam:CreateServiceLinkedRole on `Resource: "*"`',
  description:
    'iam:CreateServiceLinkedRole is allowed on every resource: the principal can create the service-linked role of any AWS service, which gives that service permissions in the account. Restrict it with an `iam:AWSServiceName` condition naming the services, or name the service-linked roles in Resource.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:CreateServiceLinkedRole', ['iam:AWSServiceName'])) {
      if (g.variant !== 'star-in-resource') continue;
      report({
        path: g.path,
        message: `\`${g.via}\` allows \`iam:CreateServiceLinkedRole\` on \`"*"\`, so the principal can create the service-linked role of any AWS service, which gives that service permissions in the account; name the resources and add a condition.`,
      });
    }
  },
});
