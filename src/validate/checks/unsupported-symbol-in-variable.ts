import { defineCheck } from './define-check.js';
import { variableSites } from './support/variable-sites.js';

export default defineCheck({
  id: 'unsupported-symbol-in-variable',
  code: 'UNSUPPORTED_SYMBOL_IN_VARIABLE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Character not allowed in a policy variable name',
  description:
    'A policy variable name is a condition key such as `aws:username` or `aws:PrincipalTag/team`; other characters make it unreadable. Remove them.',
  check(ctx, report) {
    for (const site of variableSites(ctx)) {
      for (const v of site.variables) {
        if (v.problem !== 'symbol') continue;
        report({
          path: site.path,
          message: `\`${v.text}\` has characters a variable name cannot have; a variable is a condition key such as \`aws:username\`.`,
        });
      }
    }
  },
});
