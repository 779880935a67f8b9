import { defineCheck } from './define-check.js';
import { tagKeyGaps } from './support/tag-keys.js';

export default defineCheck({
  id: 'allow-notaction-with-unsupported-tag-condition-key-for-service',
  code: 'ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Allow with NotAction conditioned on a tag key',
  description:
    'NotAction reaches actions of every service, and many services do not support tag condition keys, so this Allow grants only the actions of services that do. List the actions to allow with Action instead.',
  check(ctx, report) {
    for (const g of tagKeyGaps(ctx, 'Allow', 'NotAction')) {
      report({
        path: g.use.keyPath,
        key: true,
        message: `With NotAction this Allow reaches every service, but many do not support \`${g.use.key}\` and get nothing from it; list the actions to allow with \`Action\`.`,
      });
    }
  },
});
