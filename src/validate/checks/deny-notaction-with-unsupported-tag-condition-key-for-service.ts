import { defineCheck } from './define-check.js';
import { tagKeyGaps } from './support/tag-keys.js';

export default defineCheck({
  id: 'deny-notaction-with-unsupported-tag-condition-key-for-service',
  code: 'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'Deny with NotAction conditioned on a tag key',
  description:
    'NotAction reaches actions of every service, and many services do not support tag condition keys, so this Deny does not apply to their actions: they stay allowed. Use IfExists or a negated operator so that a missing key also denies, or list the actions.',
  check(ctx, report) {
    for (const g of tagKeyGaps(ctx, 'Deny', 'NotAction')) {
      report({
        path: g.use.keyPath,
        key: true,
        message: `With NotAction this Deny reaches every service, but for those that do not support \`${g.use.key}\` it never applies; use \`${g.use.op?.base ?? 'StringEquals'}IfExists\` so a missing key also denies.`,
      });
    }
  },
});
