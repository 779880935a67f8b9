import { defineCheck } from './define-check.js';
import { exampleFormats, regionProblem } from './support/arn-fields.js';
import { arnWithFormats, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'missing-arn-region',
  code: 'MISSING_ARN_REGION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'ARN has no Region where the resource type needs one',
  description:
    'The resource types this ARN can name (by its service and resource part) are regional, so an ARN with an empty region field matches no resource. Add the Region (or `*`).',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const found = arnWithFormats(ctx, r.value);
      if (!found || regionProblem(found.arn, found.formats) !== 'missing') continue;
      report({
        path: r.path,
        message: `\`${r.value}\` has no Region, but ${exampleFormats(found.formats)} ARNs of ${found.arn.service} are regional; add the Region or \`*\`.`,
      });
    }
  },
});
