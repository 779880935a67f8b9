import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'null-with-qualifier',
  code: 'NULL_WITH_QUALIFIER',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Null operator with ForAllValues or ForAnyValue',
  description:
    'Null tests whether the key is present, not its values, so a set qualifier in front of it makes the result hard to predict. Use `Null` on its own.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const seen = new Set<string>();
      for (const c of st.conditions) {
        if (c.op?.base !== 'Null' || !c.op.qualifier || seen.has(c.operator)) continue;
        seen.add(c.operator);
        report({
          path: c.operatorPath,
          key: true,
          message: `\`${c.operator}\`: Null tests whether the key is present, so \`${c.op.qualifier}\` adds nothing predictable; use \`Null\`.`,
        });
      }
    }
  },
});
