import { defineCheck } from './define-check.js';
import { actionValues } from './support/actions.js';
import { didYouMean } from './support/did-you-mean.js';
import { hasWildcard } from './support/wildcard.js';

export default defineCheck({
  id: 'invalid-service-in-action',
  code: 'INVALID_SERVICE_IN_ACTION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The service prefix of an action does not exist',
  description:
    'An action is `service:Name`, where the service prefix is one of the prefixes in the AWS service authorization reference (for example `s3`, `dynamodb`, `lambda`). Correct the prefix.',
  check(ctx, report) {
    for (const a of actionValues(ctx)) {
      if (a.service === undefined || hasWildcard(a.service) || ctx.index.hasService(a.service)) continue;
      report({
        path: a.path,
        message: `\`${a.service}\` in \`${a.value}\` is not an AWS service prefix${didYouMean(ctx.index.suggestService(a.service))}`,
      });
    }
  },
});
