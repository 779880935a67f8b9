import { defineCheck } from './define-check.js';
import { sensitiveGrants } from './support/sensitive-action.js';

export default defineCheck({
  id: 'pass-role-with-notaction-and-notresource',
  code: 'PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'NotAction with NotResource (includes iam:PassRole)',
  description:
    'NotAction with NotResource allows iam:PassRole unless it is excluded: the principal can pass any role, including administrator roles, to any service, which then acts with that role. Name the roles in Resource (`arn:aws:iam::111122223333:role/app-*`) and add an `iam:PassedToService` condition.',
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const g of sensitiveGrants(ctx, 'iam:PassRole', [
      'iam:PassedToService',
      'iam:AssociatedResourceArn',
    ])) {
      if (g.variant !== 'notaction-and-notresource') continue;
      report({
        path: g.path,
        message: `NotAction with NotResource allows \`iam:PassRole\` on everything outside NotResource, so the principal can pass any role, including administrator roles, to any service, which then acts with that role; list the actions and resources to allow instead.`,
      });
    }
  },
});
