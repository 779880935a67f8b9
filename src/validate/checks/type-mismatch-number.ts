import { defineCheck } from './define-check.js';
import { conditionUses, isNumericValue } from './support/conditions.js';

export default defineCheck({
  id: 'type-mismatch-number',
  code: 'TYPE_MISMATCH_NUMBER',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Numeric condition value is not a number',
  description:
    'Numeric operators compare numbers; a value that is not one never matches. Write the number (for example `"3600"`).',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'Numeric') continue;
      for (const v of c.values) {
        if (typeof v.value === 'string' && v.value.includes('${')) continue; // invalid-variable-for-operator
        if (v.value === null || typeof v.value === 'object' || isNumericValue(v.value)) continue;
        report({
          path: v.path,
          message: `\`${String(v.value)}\` is not a number, so \`${c.operator}\` on \`${c.key}\` never matches.`,
        });
      }
    }
  },
});
