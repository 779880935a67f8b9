import { defineCheck } from './define-check.js';
import { isVariableField } from './support/arn.js';
import { analyzeResource, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'invalid-arn-service-case',
  code: 'INVALID_ARN_SERVICE_CASE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The service field of an ARN is not lower case',
  description:
    'ARNs are matched case-sensitively and service names in ARNs are lower case, so `arn:aws:S3:::b` matches nothing. Write the service in lower case.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const a = analyzeResource(r.value);
      if (a.kind !== 'arn' || isVariableField(a.arn.service)) continue;
      const lower = a.arn.service.toLowerCase();
      if (a.arn.service === lower) continue;
      report({
        path: r.path,
        message: `The service \`${a.arn.service}\` in \`${r.value}\` must be lower case: \`${lower}\`.`,
      });
    }
  },
});
