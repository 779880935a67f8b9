import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'string-like-operator-with-arn-condition-keys',
  code: 'STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS',
  findingType: 'SECURITY_WARNING',
  origin: 'access-analyzer',
  title: 'StringLike on an ARN condition key',
  description:
    'ARN operators match an ARN field by field, so a `*` stays inside its field; StringLike treats the ARN as plain text, so a `*` can reach across colons and slashes into other accounts, regions or resource paths. Use `ArnLike` on ARN keys.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.op?.base !== 'StringLike') continue;
      const key = ctx.index.conditionKey(c.key);
      if (key?.type.replace(/^ArrayOf/, '') !== 'ARN') continue;
      report({
        path: c.operatorPath,
        key: true,
        message: `\`${c.key}\` is an ARN key: \`${c.operator}\` lets a \`*\` match across ARN fields; use \`${c.operator.replace('StringLike', 'ArnLike')}\`.`,
      });
    }
  },
});
