import { defineCheck } from './define-check.js';
import { listSome } from './support/statements.js';
import { tagKeyGaps } from './support/tag-keys.js';

export default defineCheck({
  id: 'allow-with-unsupported-tag-condition-key-for-service',
  code: 'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Allow conditioned on a tag key that some of its services do not support',
  description:
    'Services that do not support the tag condition key never have it in the request, so an Allow conditioned on it grants their actions nothing. Move those actions into a statement without the tag condition, or use a condition they support.',
  check(ctx, report) {
    for (const g of tagKeyGaps(ctx, 'Allow', 'Action')) {
      report({
        path: g.use.keyPath,
        key: true,
        message: `${listSome(g.services)} ${g.services.length === 1 ? 'does' : 'do'} not support \`${g.use.key}\`, so this Allow grants their actions nothing; move them into a statement without this condition.`,
      });
    }
  },
});
