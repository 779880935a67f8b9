import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'create-slr-with-star-in-action-and-notresource',
  code: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: '`"*"` actions with NotResource (includes iam:CreateServiceLinkedRole)',
  description:
    '`Action: "*"` with NotResource includes iam:CreateServiceLinkedRole on every other resource: the principal can create the service-linked role of any AWS service, which gives that service permissions in the account. Restrict it with an `iam:AWSServiceName` condition naming the services, or name the service-linked roles in Resource.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:CreateServiceLinkedRole', ['iam:AWSServiceName'])) {
      if (g.variant !== 'star-in-action-and-notresource') continue;
      report({
        path: g.path,
        message: `\`"*"\` with NotResource includes \`iam:CreateServiceLinkedRole\`, so the principal can create the service-linked role of any AWS service, which gives that service permissions in the account; grant only the actions needed on named resources.`,
      });
    }
  },
});
