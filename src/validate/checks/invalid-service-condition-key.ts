import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';
import { closest, didYouMean } from './support/did-you-mean.js';
import { isFederationKeyPrefix } from './support/service-index.js';

export default defineCheck({
  id: 'invalid-service-condition-key',
  code: 'INVALID_SERVICE_CONDITION_KEY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Unknown service condition key',
  description:
    'The service exists but does not define this condition key, so the key is never in the request context. Correct the key (the message suggests the closest one the service defines).',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      const colon = c.key.indexOf(':');
      if (colon <= 0) continue;
      const prefix = c.key.slice(0, colon).toLowerCase();
      if (prefix === 'aws' || isFederationKeyPrefix(prefix) || !ctx.index.hasService(prefix)) continue;
      if (ctx.index.conditionKey(c.key) || ctx.index.patternMissingSuffix(c.key)) continue;
      const near = closest(c.key, ctx.index.serviceConditionKeys(prefix));
      report({
        path: c.keyPath,
        key: true,
        message: `\`${c.key}\` is not a condition key of ${ctx.data.serviceName(prefix) ?? prefix}${didYouMean(near)}`,
      });
    }
  },
});
