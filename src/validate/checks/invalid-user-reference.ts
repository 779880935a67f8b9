import { defineCheck } from './define-check.js';
import { principalValues } from './support/principal-entries.js';

export default defineCheck({
  id: 'invalid-user-reference',
  code: 'INVALID_USER_REFERENCE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Principal names a user by its unique ID',
  description:
    'A principal shown as `AIDA...` is the unique ID of a user: IAM writes it so when the user the policy named was deleted. A new user of the same name does not get this access. Replace the ID with the user ARN (`arn:aws:iam::111122223333:user/name`) if access is still wanted, or remove it.',
  check(ctx, report) {
    for (const p of principalValues(ctx)) {
      if (p.type !== 'AWS' || !/^AIDA[A-Z0-9]{12,}$/.test(p.value)) continue;
      report({
        path: p.path,
        message: `\`${p.value}\` is the unique ID of a user, usually one that was deleted; use the user ARN if the access is still needed, or remove it.`,
      });
    }
  },
});
