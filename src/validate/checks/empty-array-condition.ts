import { defineCheck } from './define-check.js';
import { emptyConditionArrays } from './support/statements.js';

export default defineCheck({
  id: 'empty-array-condition',
  code: 'EMPTY_ARRAY_CONDITION',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'A condition key has an empty list of values',
  description:
    'A condition key with no values never matches, so the statement never applies. Add the values or remove the key.',
  check(ctx, report) {
    for (const { entry, kind } of emptyConditionArrays(ctx)) {
      if (kind !== 'plain') continue;
      report({
        path: entry.keyPath,
        message: `The condition key \`${entry.key}\` has no values, so \`${entry.operator}\` never matches and the statement never applies; add the values or remove the key.`,
      });
    }
  },
});
