import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

const BOUNDS = /^(Numeric|Date)(LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)$/;

export default defineCheck({
  id: 'redundant-condition-value-num',
  code: 'REDUNDANT_CONDITION_VALUE_NUM',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Several bounds under one numeric or date operator',
  description:
    'Values of one key are alternatives, so under a less-than or greater-than operator only the widest bound counts and the others add nothing. Keep one value.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (!c.op || !BOUNDS.test(c.op.base) || !Array.isArray(c.raw) || c.raw.length < 2) continue;
      const widest = c.op.base.includes('LessThan') ? 'largest' : 'smallest';
      report({
        path: c.keyPath,
        message: `\`${c.operator}\` gives ${c.raw.length} values for \`${c.key}\`; they are alternatives, so only the ${widest} one counts. Keep that one.`,
      });
    }
  },
});
