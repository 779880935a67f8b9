import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'create-slr-with-notaction-and-notresource',
  code: 'CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'NotAction with NotResource (includes iam:CreateServiceLinkedRole)',
  description:
    'NotAction with NotResource allows iam:CreateServiceLinkedRole unless it is excluded: the principal can create the service-linked role of any AWS service, which gives that service permissions in the account. Restrict it with an `iam:AWSServiceName` condition naming the services, or name the service-linked roles in Resource.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:CreateServiceLinkedRole', ['iam:AWSServiceName'])) {
      if (g.variant !== 'notaction-and-notresource') continue;
      report({
        path: g.path,
        message: `NotAction with NotResource allows \`iam:CreateServiceLinkedRole\` on everything outside NotResource, so the principal can create the service-linked role of any AWS service, which gives that service permissions in the account; list the actions and resources to allow instead.`,
      });
    }
  },
});
