import { defineCheck } from './define-check.js';
import { emptyConditionArrays } from './support/statements.js';

export default defineCheck({
  id: 'empty-array-condition-foranyvalue',
  code: 'EMPTY_ARRAY_CONDITION_FORANYVALUE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'ForAnyValue with an empty list of values',
  description:
    'ForAnyValue with no values never matches, so the statement never applies. Add the values or remove the key.',
  check(ctx, report) {
    for (const { entry, kind } of emptyConditionArrays(ctx)) {
      if (kind !== 'ForAnyValue') continue;
      report({
        path: entry.keyPath,
        message: `\`${entry.operator}\` with no values for \`${entry.key}\` never matches, so the statement never applies; add the values or remove the key.`,
      });
    }
  },
});
