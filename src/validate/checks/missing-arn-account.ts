import { defineCheck } from './define-check.js';
import { accountProblem, exampleFormats } from './support/arn-fields.js';
import { arnWithFormats, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'missing-arn-account',
  code: 'MISSING_ARN_ACCOUNT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'ARN has no account where the resource type needs one',
  description:
    'The resource types this ARN can name are owned by an account, so an ARN with an empty account field matches no resource. Add the 12-digit account ID (or `*`).',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const found = arnWithFormats(ctx, r.value);
      if (!found || accountProblem(found.arn, found.formats) !== 'missing') continue;
      report({
        path: r.path,
        message: `\`${r.value}\` has no account ID, but ${exampleFormats(found.formats)} ARNs of ${found.arn.service} need one; add the 12-digit account ID or \`*\`.`,
      });
    }
  },
});
