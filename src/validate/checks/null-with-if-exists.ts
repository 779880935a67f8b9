import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'null-with-if-exists',
  code: 'NULL_WITH_IF_EXISTS',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Null operator with IfExists',
  description:
    'The Null operator already tests whether a key exists; `NullIfExists` is not an operator. Use `Null`.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const seen = new Set<string>();
      for (const c of st.conditions) {
        if (c.op?.base !== 'Null' || !c.op.ifExists || seen.has(c.operator)) continue;
        seen.add(c.operator);
        report({
          path: c.operatorPath,
          key: true,
          message: `\`${c.operator}\` is not supported: Null already tests whether the key exists; use \`Null\`.`,
        });
      }
    }
  },
});
