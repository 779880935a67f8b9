import { defineCheck } from './define-check.js';
import { closest } from './support/did-you-mean.js';
import { arnWithFormats, resourceValues } from './support/resources.js';

export default defineCheck({
  id: 'invalid-arn-resource',
  code: 'INVALID_ARN_RESOURCE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The resource part of an ARN matches no resource type of the service',
  description:
    'The part after the account field must follow one of the ARN formats the service defines (`table/${TableName}` for DynamoDB, `function:${FunctionName}` for Lambda, ...). An ARN that follows none matches no resource. Correct the resource part.',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const found = arnWithFormats(ctx, r.value);
      if (!found || found.formats.length > 0) continue;
      const near = closest(
        found.arn.resource,
        found.all.map((f) => f.resource),
      );
      const example = near ? found.all.find((f) => f.resource === near) : undefined;
      report({
        path: r.path,
        message: `\`${found.arn.resource}\` in \`${r.value}\` matches no resource type of ${found.arn.service}${
          example ? `; did you mean a ${example.resourceType} ARN, \`${example.arn}\`?` : '.'
        }`,
      });
    }
  },
});
