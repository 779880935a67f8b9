import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'invalid-condition-multiple-boolean',
  code: 'INVALID_CONDITION_MULTIPLE_BOOLEAN',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Bool condition with several values',
  description:
    'A boolean key is either true or false; listing several values under `Bool` either repeats one or accepts both, which makes the condition meaningless. Give one value.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'Bool' || !Array.isArray(c.raw) || c.raw.length < 2) continue;
      report({
        path: c.keyPath,
        message: `\`${c.key}\` is given ${c.raw.length} boolean values under \`${c.operator}\`; give one value, \`"true"\` or \`"false"\`.`,
      });
    }
  },
});
