import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'pass-role-with-star-in-resource-and-notaction',
  code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'NotAction on `Resource: "*"` (includes iam:PassRole)',
  description:
    'NotAction on `Resource: "*"` allows iam:PassRole unless it is excluded: the principal can pass any role, including administrator roles, to any service, which then acts with that role. Name the roles in Resource (`arn:aws:iam::111122223333:role/app-*`) and add an `iam:PassedToService` condition.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:PassRole', [
      'iam:PassedToService',
      'iam:AssociatedResourceArn',
    ])) {
      if (g.variant !== 'star-in-resource-and-notaction') continue;
      report({
        path: g.path,
        message: `NotAction on \`"*"\` allows \`iam:PassRole\`, so the principal can pass any role, including administrator roles, to any service, which then acts with that role; list the actions to allow instead, or add \`iam:PassRole\` to NotAction.`,
      });
    }
  },
});
