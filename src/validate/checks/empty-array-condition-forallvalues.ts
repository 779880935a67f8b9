import { defineCheck } from './define-check.js';
import { emptyConditionArrays } from './support/statements.js';

export default defineCheck({
  id: 'empty-array-condition-forallvalues',
  code: 'EMPTY_ARRAY_CONDITION_FORALLVALUES',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'ForAllValues with an empty list of values',
  description:
    'ForAllValues with no values matches only requests that do not carry the key at all, which is rarely what was meant. Add the allowed values.',
  check(ctx, report) {
    for (const { entry, kind } of emptyConditionArrays(ctx)) {
      if (kind !== 'ForAllValues') continue;
      report({
        path: entry.keyPath,
        message: `\`${entry.operator}\` with no values for \`${entry.key}\` matches only requests without the key; add the allowed values.`,
      });
    }
  },
});
