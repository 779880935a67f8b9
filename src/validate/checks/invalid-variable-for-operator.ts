import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'invalid-variable-for-operator',
  code: 'INVALID_VARIABLE_FOR_OPERATOR',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Policy variable with an operator that does not expand it',
  description:
    'Policy variables (`${aws:username}`) are expanded only in values of String and ARN operators. Under Numeric, Date, Bool, Binary or IP address operators the text is compared as written and never matches. Use a String or ARN operator, or a literal value.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (!c.op || c.op.family === 'String' || c.op.family === 'Arn' || c.op.family === 'Null') continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string' || !v.value.includes('${')) continue;
        report({
          path: v.path,
          message: `\`${c.operator}\` does not expand policy variables, so \`${v.value}\` is compared as written; use a String or ARN operator, or a literal value.`,
        });
      }
    }
  },
});
