import { defineCheck } from './define-check.js';
import { conditionUses, withoutVariables } from './support/conditions.js';

const FORMAT = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;

export default defineCheck({
  id: 'invalid-vpc-format',
  code: 'INVALID_VPC_FORMAT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`aws:SourceVpc` value is not a vpc ID',
  description:
    '`aws:SourceVpc` holds IDs of the form `vpc-` followed by 8 or 17 lower-case hexadecimal characters (`vpc-1a2b3c4d`); another value never matches. Correct the ID.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.family !== 'String' || c.key.toLowerCase() !== 'aws:sourcevpc') continue;
      for (const v of c.values) {
        if (typeof v.value !== 'string' || v.value.includes('${')) continue;
        const text = withoutVariables(v.value);
        if (c.op.wildcards && (text.includes('*') || text.includes('?'))) continue;
        if (FORMAT.test(v.value)) continue;
        report({
          path: v.path,
          message: `\`${v.value}\` is not a vpc ID (\`vpc-\` and 8 or 17 hexadecimal characters, such as \`vpc-1a2b3c4d\`), so it never matches \`aws:SourceVpc\`.`,
        });
      }
    }
  },
});
