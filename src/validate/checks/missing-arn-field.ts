import { defineCheck } from './define-check.js';
import { analyzeResource, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'missing-arn-field',
  code: 'MISSING_ARN_FIELD',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'ARN has too few fields',
  description:
    'An ARN has six colon-separated fields, `arn:partition:service:region:account:resource`; region and account may be empty but their colons must be there (`arn:aws:s3:::example-bucket`). Add the missing colons.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const a = analyzeResource(r.value);
      if (a.kind !== 'missing-fields') continue;
      report({
        path: r.path,
        message: `\`${r.value}\` has ${a.fieldCount} of the 6 fields of an ARN (\`arn:partition:service:region:account:resource\`); empty fields still need their colons.`,
      });
    }
  },
});
