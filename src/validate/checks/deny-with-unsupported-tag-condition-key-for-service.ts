import { defineCheck } from './define-check.js';
import { listSome } from './support/statements.js';
import { tagKeyGaps } from './support/tag-keys.js';

export default defineCheck({
  id: 'deny-with-unsupported-tag-condition-key-for-service',
  code: 'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'Deny conditioned on a tag key that some of its services do not support',
  description:
    'Services that do not support the tag condition key never have it in the request, so a Deny conditioned on it does not apply to their actions: they stay allowed. Deny those actions in a statement of their own, or use a negated operator or IfExists so that a missing key also denies.',
  check(ctx, report) {
    for (const g of tagKeyGaps(ctx, 'Deny', 'Action')) {
      report({
        path: g.use.keyPath,
        key: true,
        message: `${listSome(g.services)} ${g.services.length === 1 ? 'does' : 'do'} not support \`${g.use.key}\`, so this Deny never applies to their actions; deny them separately, or use \`${g.use.op?.base ?? 'StringEquals'}IfExists\` so a missing key also denies.`,
      });
    }
  },
});
