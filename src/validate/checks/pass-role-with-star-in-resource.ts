import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'pass-role-with-star-in-resource',
  code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'iam:PassRole on `Resource: "*"`',
  description:
    'iam:PassRole is allowed on every resource: the principal can pass any role, including administrator roles, to any service, which then acts with that role. Name the roles in Resource (`arn:aws:iam::111122223333:role/app-*`) and add an `iam:PassedToService` condition.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:PassRole', [
      'iam:PassedToService',
      'iam:AssociatedResourceArn',
    ])) {
      if (g.variant !== 'star-in-resource') continue;
      report({
        path: g.path,
        message: `\`${g.via}\` allows \`iam:PassRole\` on \`"*"\`, so the principal can pass any role, including administrator roles, to any service, which then acts with that role; name the resources and add a condition.`,
      });
    }
  },
});
