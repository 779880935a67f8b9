import { defineCheck } from './define-check.js';
import { conditionUses, EXAMPLE_OPERATOR, familiesForKeyType } from './support/conditions.js';

export default defineCheck({
  id: 'type-mismatch',
  code: 'TYPE_MISMATCH',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'Condition operator does not fit the type of the key',
  description:
    "Each condition key has a type (String, ARN, Numeric, Date, Bool, IP address). An operator of another family (a String operator on a Date key, `Bool` on a String key) compares values in a way that does not fit them. Use an operator of the key's family.",
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (!c.op || c.op.family === 'Null') continue;
      const key = ctx.index.conditionKey(c.key);
      if (!key) continue;
      const families = familiesForKeyType(key.type, c.key);
      if (families.includes(c.op.family)) continue;
      const example = EXAMPLE_OPERATOR[families[0] ?? 'String'];
      report({
        path: c.keyPath,
        key: true,
        message: `\`${c.key}\` is of type ${key.type}, which \`${c.op.base}\` does not compare; use an operator such as \`${example}\`.`,
      });
    }
  },
});
