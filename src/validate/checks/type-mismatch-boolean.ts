import { defineCheck } from './define-check.js';
import { conditionUses, isBooleanValue } from './support/conditions.js';

export default defineCheck({
  id: 'type-mismatch-boolean',
  code: 'TYPE_MISMATCH_BOOLEAN',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Bool condition value is not true or false',
  description:
    'The Bool operator compares `true` or `false`; any other value never matches. Use `"true"` or `"false"`.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'Bool') continue;
      for (const v of c.values) {
        if (typeof v.value === 'string' && v.value.includes('${')) continue; // invalid-variable-for-operator
        if (v.value === null || typeof v.value === 'object' || isBooleanValue(v.value)) continue;
        report({
          path: v.path,
          message: `\`${String(v.value)}\` is not \`true\` or \`false\`, so \`${c.operator}\` on \`${c.key}\` never matches.`,
        });
      }
    }
  },
});
