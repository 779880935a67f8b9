import { defineCheck } from './define-check.js';
import { conditionUses, isBase64 } from './support/conditions.js';

export default defineCheck({
  id: 'type-mismatch-string',
  code: 'TYPE_MISMATCH_STRING',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'BinaryEquals value is not base-64',
  description:
    'BinaryEquals compares base-64 encoded bytes; a value that is not valid base-64 never matches. Encode the value.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'Binary') continue;
      for (const v of c.values) {
        if (typeof v.value === 'string' && v.value.includes('${')) continue; // invalid-variable-for-operator
        if (
          v.value === null ||
          typeof v.value === 'object' ||
          (typeof v.value === 'string' && isBase64(v.value))
        )
          continue;
        report({
          path: v.path,
          message: `\`${String(v.value)}\` is not base-64, so \`BinaryEquals\` on \`${c.key}\` never matches.`,
        });
      }
    }
  },
});
