import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'pass-role-with-star-in-action-and-resource',
  code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: '`"*"` actions on `Resource: "*"` (includes iam:PassRole)',
  description:
    '`Action: "*"` on `Resource: "*"` includes iam:PassRole: the principal can pass any role, including administrator roles, to any service, which then acts with that role. Name the roles in Resource (`arn:aws:iam::111122223333:role/app-*`) and add an `iam:PassedToService` condition.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:PassRole', [
      'iam:PassedToService',
      'iam:AssociatedResourceArn',
    ])) {
      if (g.variant !== 'star-in-action-and-resource') continue;
      report({
        path: g.path,
        message: `\`"*"\` on \`"*"\` includes \`iam:PassRole\`, so the principal can pass any role, including administrator roles, to any service, which then acts with that role; grant only the actions needed.`,
      });
    }
  },
});
