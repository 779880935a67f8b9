import { defineCheck } from './define-check.js';
import { accountProblem } from './support/arn-fields.js';
import { arnWithFormats, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'invalid-arn-account',
  code: 'INVALID_ARN_ACCOUNT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The account field of an ARN is not an account ID',
  description:
    'The account field of an ARN is a 12-digit account ID (or a wildcard, a variable, or `aws` for AWS-owned resources). Correct it; in templates use `${AWS::AccountId}`.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const found = arnWithFormats(ctx, r.value);
      if (!found || accountProblem(found.arn, found.formats) !== 'invalid') continue;
      report({
        path: r.path,
        message: `\`${found.arn.account}\` in \`${r.value}\` is not a 12-digit account ID.`,
      });
    }
  },
});
