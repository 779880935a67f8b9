import { defineCheck } from './define-check.js';
import { exampleFormats, regionProblem } from './support/arn-fields.js';
import { arnWithFormats, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'arn-region-not-allowed',
  code: 'ARN_REGION_NOT_ALLOWED',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'ARN has a Region where the resource type has none',
  description:
    'ARNs of global resources (IAM roles, S3 buckets and objects, ...) have an empty region field; an ARN with a Region matches no such resource. Remove the Region.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const found = arnWithFormats(ctx, r.value);
      if (!found || regionProblem(found.arn, found.formats) !== 'not-allowed') continue;
      report({
        path: r.path,
        message: `\`${r.value}\` has the Region \`${found.arn.region}\`, but ${exampleFormats(found.formats)} ARNs of ${found.arn.service} have none; remove it: \`arn:${found.arn.partition}:${found.arn.service}::${found.arn.account}:${found.arn.resource}\`.`,
      });
    }
  },
});
