import { defineCheck } from './define-check.js';
import { isObject } from './support/policy-view.js';

export default defineCheck({
  id: 'duplicate-keys-with-different-case',
  code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The same condition key twice in one operator, in different case',
  description:
    'Condition keys are case-insensitive, so `aws:SourceIp` and `aws:sourceip` under one operator are the same key given twice; IAM rejects the policy. Merge the values under one key.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const cond = st.raw?.Condition;
      if (!isObject(cond)) continue;
      for (const [op, keys] of Object.entries(cond)) {
        if (!isObject(keys)) continue;
        const first = new Map<string, string>();
        for (const key of Object.keys(keys)) {
          const lower = key.toLowerCase();
          const earlier = first.get(lower);
          if (earlier === undefined) {
            first.set(lower, key);
            continue;
          }
          report({
            path: [...st.path, 'Condition', op, key],
            key: true,
            message: `\`${key}\` repeats \`${earlier}\` under \`${op}\` (condition keys ignore case); merge their values under one key.`,
          });
        }
      }
    }
  },
});
