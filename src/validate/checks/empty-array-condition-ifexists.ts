import { defineCheck } from './define-check.js';
import { emptyConditionArrays } from './support/statements.js';

export default defineCheck({
  id: 'empty-array-condition-ifexists',
  code: 'EMPTY_ARRAY_CONDITION_IFEXISTS',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'IfExists with an empty list of values',
  description:
    'An IfExists operator with no values matches only requests that do not carry the key. Add the values or remove the key.',
  check(ctx, report) {
    for (const { entry, kind } of emptyConditionArrays(ctx)) {
      if (kind !== 'IfExists') continue;
      report({
        path: entry.keyPath,
        message: `\`${entry.operator}\` with no values for \`${entry.key}\` matches only requests without the key; add the values or remove the key.`,
      });
    }
  },
});
