import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'pass-role-with-star-in-action-and-notresource',
  code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: '`"*"` actions with NotResource (includes iam:PassRole)',
  description:
    '`Action: "*"` with NotResource includes iam:PassRole on every other resource: the principal can pass any role, including administrator roles, to any service, which then acts with that role. Name the roles in Resource (`arn:aws:iam::111122223333:role/app-*`) and add an `iam:PassedToService` condition.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:PassRole', [
      'iam:PassedToService',
      'iam:AssociatedResourceArn',
    ])) {
      if (g.variant !== 'star-in-action-and-notresource') continue;
      report({
        path: g.path,
        message: `\`"*"\` with NotResource includes \`iam:PassRole\`, so the principal can pass any role, including administrator roles, to any service, which then acts with that role; grant only the actions needed on named resources.`,
      });
    }
  },
});
