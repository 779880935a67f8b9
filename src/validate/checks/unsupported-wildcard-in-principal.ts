import { defineCheck } from './define-check.js';
import { principalValues } from './support/principal-entries.js';

export default defineCheck({
  id: 'unsupported-wildcard-in-principal',
  code: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Wildcard inside a principal value',
  description:
    'Principal values are matched exactly: `arn:aws:iam::111122223333:role/*` or `*.amazonaws.com` match nothing. Only `"*"` on its own, under `AWS`, means everyone. Name the principals, or use `"*"` with a condition such as `aws:PrincipalArn` (ArnLike accepts wildcards).',
  check(ctx, report) {
    for (const p of principalValues(ctx)) {
      if (!p.value.includes('*') && !p.value.includes('?')) continue;
      if (p.value === '*' && p.type === 'AWS') continue;
      report({
        path: p.path,
        message:
          p.value === '*'
            ? `\`"*"\` is only accepted under \`AWS\`, not under \`${p.type}\`.`
            : `\`${p.value}\`: wildcards are not expanded in principals; use \`"AWS": "*"\` with an \`ArnLike\` condition on \`aws:PrincipalArn\`, or name the principals.`,
      });
    }
  },
});
