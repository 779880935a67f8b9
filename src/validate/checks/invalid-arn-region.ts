import { defineCheck } from './define-check.js';
import { regionProblem } from './support/arn-fields.js';
import { arnWithFormats, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'invalid-arn-region',
  code: 'INVALID_ARN_REGION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The region field of an ARN is not a Region',
  description:
    'The region field of the ARN is not a Region name such as `us-east-1` (nor a wildcard or variable), so the ARN matches no resource. Correct the Region.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const found = arnWithFormats(ctx, r.value);
      if (!found || regionProblem(found.arn, found.formats) !== 'invalid') continue;
      report({
        path: r.path,
        message: `\`${found.arn.region}\` in \`${r.value}\` is not a Region name such as \`us-east-1\`.`,
      });
    }
  },
});
