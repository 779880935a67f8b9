import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'invalid-condition-key-format',
  code: 'INVALID_CONDITION_KEY_FORMAT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Condition key is not `prefix:name`',
  description:
    'A condition key is a service prefix (or `aws` for global keys), a colon and a name, such as `aws:SourceIp` or `s3:prefix`. Correct the key.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      const colon = c.key.indexOf(':');
      if (colon > 0 && colon < c.key.length - 1) continue;
      report({
        path: c.keyPath,
        key: true,
        message: `\`${c.key}\` is not a condition key; write \`prefix:name\`, for example \`aws:SourceAccount\` or \`s3:prefix\`.`,
      });
    }
  },
});
