import { defineCheck } from './define-check.js';
import { classifyDate, conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'type-mismatch-date',
  code: 'TYPE_MISMATCH_DATE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Date condition value is not a date',
  description:
    'Date operators compare ISO 8601 dates (`2025-01-31T00:00:00Z`) or epoch seconds; a value that is neither never matches. Write the date in one of those forms.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'Date') continue;
      for (const v of c.values) {
        if (typeof v.value === 'string' && v.value.includes('${')) continue; // invalid-variable-for-operator
        if (v.value === null || typeof v.value === 'object' || classifyDate(v.value) !== 'not-a-date')
          continue;
        report({
          path: v.path,
          message: `\`${String(v.value)}\` is not a date, so \`${c.operator}\` on \`${c.key}\` never matches; write an ISO 8601 date such as \`2025-01-31T00:00:00Z\` or epoch seconds.`,
        });
      }
    }
  },
});
