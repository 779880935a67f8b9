import { defineCheck } from './define-check.js';
import { accountProblem, exampleFormats } from './support/arn-fields.js';
import { arnWithFormats, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'arn-account-not-allowed',
  code: 'ARN_ACCOUNT_NOT_ALLOWED',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'ARN has an account where the resource type has none',
  description:
    'ARNs of some resources (S3 buckets and objects, for example) have an empty account field; an ARN with an account matches no such resource. Remove the account ID.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const found = arnWithFormats(ctx, r.value);
      if (!found || accountProblem(found.arn, found.formats) !== 'not-allowed') continue;
      report({
        path: r.path,
        message: `\`${r.value}\` has the account \`${found.arn.account}\`, but ${exampleFormats(found.formats)} ARNs of ${found.arn.service} have none; remove it: \`arn:${found.arn.partition}:${found.arn.service}:${found.arn.region}::${found.arn.resource}\`.`,
      });
    }
  },
});
