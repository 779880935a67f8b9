import { defineCheck } from './define-check.js';
import { classifyDate, conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'invalid-date-value',
  code: 'INVALID_DATE_VALUE',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Date condition value may not be read as intended',
  description:
    'The value looks like a date but is not in ISO 8601 form (`2025-01-31` or `2025-01-31T12:00:00Z`) or epoch seconds, or a part is out of range, so IAM may read another date than the one meant. Write it in ISO 8601.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'Date') continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string' || v.value.includes('${') || classifyDate(v.value) !== 'unusual')
          continue;
        report({
          path: v.path,
          message: `\`${v.value}\` may not be read as the date you meant; write it in ISO 8601, such as \`2025-01-31T00:00:00Z\`.`,
        });
      }
    }
  },
});
