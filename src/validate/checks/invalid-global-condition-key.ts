import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';
import { closest, didYouMean } from './support/did-you-mean.js';

export default defineCheck({
  id: 'invalid-global-condition-key',
  code: 'INVALID_GLOBAL_CONDITION_KEY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Unknown global condition key',
  description:
    'The `aws:` condition key is not one of the global condition keys, so it is never in the request context and the condition never matches (or always does, for negated operators). Correct the key.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      const lower = c.key.toLowerCase();
      if (!lower.startsWith('aws:') || lower === 'aws:arn') continue; // aws:ARN: unsupported-global-condition-key
      if (ctx.index.conditionKey(c.key) || ctx.index.patternMissingSuffix(c.key)) continue;
      const slash = c.key.indexOf('/');
      const written = slash < 0 ? c.key : c.key.slice(0, slash);
      const candidates = ctx.index.globalConditionKeys().map((k) => k.replace(/\/\$\{[^}]*\}$/, ''));
      const near = closest(written, candidates);
      const suggestion =
        near && slash >= 0 && !candidates.includes(written) ? `${near}${c.key.slice(slash)}` : near;
      report({
        path: c.keyPath,
        key: true,
        message: `\`${c.key}\` is not a global condition key${didYouMean(suggestion)}`,
      });
    }
  },
});
