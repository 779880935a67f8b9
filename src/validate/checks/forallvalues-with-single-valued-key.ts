import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'forallvalues-with-single-valued-key',
  code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'ForAllValues on a single-valued condition key',
  description:
    'ForAllValues is true when the request has no value for the key, so on a single-valued key in an Allow statement it also allows requests that lack the key. Drop the qualifier (`StringEquals`), or add a `Null` condition requiring the key.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.statement.effect !== 'Allow' || c.op?.qualifier !== 'ForAllValues') continue;
      const key = ctx.index.conditionKey(c.key);
      if (!key || key.multivalued) continue;
      const plain = c.operator.slice(c.operator.indexOf(':') + 1);
      report({
        path: c.keyPath,
        key: true,
        message: `\`${c.key}\` is single-valued, and \`${c.operator}\` also matches requests without it, which this Allow then grants; use \`${plain}\`.`,
      });
    }
  },
});
