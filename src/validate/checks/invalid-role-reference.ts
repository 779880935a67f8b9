import { defineCheck } from './define-check.js';
import { principalValues } from './support/principal-entries.js';

export default defineCheck({
  id: 'invalid-role-reference',
  code: 'INVALID_ROLE_REFERENCE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Principal names a role by its unique ID',
  description:
    'A principal shown as `AROA...` is the unique ID of a role: IAM writes it so when the role the policy named was deleted. A new role of the same name does not get this access. Replace the ID with the role ARN (`arn:aws:iam::111122223333:role/name`) if access is still wanted, or remove it.',
  check(ctx, report) {
    for (const p of principalValues(ctx)) {
      if (p.type !== 'AWS' || !/^AROA[A-Z0-9]{12,}$/.test(p.value)) continue;
      report({
        path: p.path,
        message: `\`${p.value}\` is the unique ID of a role, usually one that was deleted; use the role ARN if the access is still needed, or remove it.`,
      });
    }
  },
});
