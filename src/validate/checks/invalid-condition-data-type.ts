import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'invalid-condition-data-type',
  code: 'INVALID_CONDITION_DATA_TYPE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Values of one condition key mix JSON types',
  description:
    'All values of one condition key must have the same JSON type (all strings, all numbers or all booleans). Write them all as strings.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (!Array.isArray(c.raw) || c.raw.length < 2) continue;
      const types = new Set(c.raw.filter((v) => v !== null && typeof v !== 'object').map((v) => typeof v));
      if (types.size < 2) continue;
      report({
        path: c.keyPath,
        message: `The values of \`${c.key}\` mix ${[...types].sort().join(' and ')} values; write them all as strings.`,
      });
    }
  },
});
