import { defineCheck } from './define-check.js';
import { isVariableField } from './support/arn.js';
import { didYouMean } from './support/did-you-mean.js';
import { analyzeResource, resourceValues } from './support/resources.js';
import { isFederationKeyPrefix } from './support/service-index.js';

export default defineCheck({
  id: 'invalid-service',
  code: 'INVALID_SERVICE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'A resource ARN or condition key names a service that does not exist',
  description:
    'The service field of a resource ARN, or the prefix of a condition key, is not an AWS service. Correct the service name (the message suggests the closest one).',
  check(ctx, report) {
    for (const r of resourceValues(ctx)) {
      const a = analyzeResource(r.value);
      if (a.kind !== 'arn') continue;
      const service = a.arn.service;
      if (isVariableField(service) || service === '' || ctx.index.knownArnService(service.toLowerCase()))
        continue;
      report({
        path: r.path,
        message: `\`${service}\` in \`${r.value}\` is not an AWS service${didYouMean(ctx.index.suggestService(service))}`,
      });
    }
    for (const st of ctx.statements) {
      for (const c of st.conditions) {
        const colon = c.key.indexOf(':');
        if (colon <= 0) continue;
        const prefix = c.key.slice(0, colon).toLowerCase();
        if (prefix === 'aws' || isFederationKeyPrefix(prefix) || ctx.index.hasService(prefix)) continue;
        report({
          path: c.keyPath,
          key: true,
          message: `\`${c.key.slice(0, colon)}\` in the condition key \`${c.key}\` is not an AWS service${didYouMean(ctx.index.suggestService(prefix))}`,
        });
      }
    }
  },
});
