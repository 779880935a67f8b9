import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'pass-role-with-notresource',
  code: 'PASS_ROLE_WITH_NOTRESOURCE',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'iam:PassRole with NotResource',
  description:
    'iam:PassRole is allowed on every resource except those NotResource lists: the principal can pass any role, including administrator roles, to any service, which then acts with that role. Name the roles in Resource (`arn:aws:iam::111122223333:role/app-*`) and add an `iam:PassedToService` condition.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:PassRole', [
      'iam:PassedToService',
      'iam:AssociatedResourceArn',
    ])) {
      if (g.variant !== 'notresource') continue;
      report({
        path: g.path,
        message: `\`${g.via}\` allows \`iam:PassRole\` on everything outside NotResource, so the principal can pass any role, including administrator roles, to any service, which then acts with that role; name the resources in \`Resource\`.`,
      });
    }
  },
});
