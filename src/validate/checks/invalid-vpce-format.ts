import { defineCheck } from './define-check.js';
import { conditionUses, withoutVariables } from './support/conditions.js';

const FORMAT = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;

export default defineCheck({
  id: 'invalid-vpce-format',
  code: 'INVALID_VPCE_FORMAT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`aws:SourceVpce` value is not a vpce ID',
  description:
    '`aws:SourceVpce` holds IDs of the form `vpce-` followed by 8 or 17 lower-case hexadecimal characters (`vpce-1a2b3c4d`); another value never matches. Correct the ID.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'String' || c.key.toLowerCase() !== 'aws:sourcevpce') continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string' || v.value.includes('${')) continue;
        const text = withoutVariables(v.value);
        if (c.op.wildcards && (text.includes('*') || text.includes('?'))) continue;
        if (FORMAT.test(v.value)) continue;
        report({
          path: v.path,
          message: `\`${v.value}\` is not a vpce ID (\`vpce-\` and 8 or 17 hexadecimal characters, such as \`vpce-1a2b3c4d\`), so it never matches \`aws:SourceVpce\`.`,
        });
      }
    }
  },
});
