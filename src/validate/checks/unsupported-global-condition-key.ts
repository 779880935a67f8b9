import { defineCheck } from './define-check.js';
import { conditionUses } from './support/conditions.js';

export default defineCheck({
  id: 'unsupported-global-condition-key',
  code: 'UNSUPPORTED_GLOBAL_CONDITION_KEY',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: '`aws:ARN` is not supported',
  description:
    '`aws:ARN` is not a condition key IAM evaluates in policies. To compare the caller use `aws:PrincipalArn`; to compare the resource that sends a request on your behalf use `aws:SourceArn`.',
  check(ctx, report) {
    for (const c of conditionUses(ctx)) {
      if (c.key.toLowerCase() !== 'aws:arn') continue;
      report({
        path: c.keyPath,
        key: true,
        message: `\`${c.key}\` is not supported; use \`aws:PrincipalArn\` for the caller or \`aws:SourceArn\` for the resource acting on your behalf.`,
      });
    }
  },
});
