import { defineCheck } from './define-check.js';
import { variableSites } from './support/variable-sites.js';

export default defineCheck({
  id: 'empty-variable',
  code: 'EMPTY_VARIABLE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Empty policy variable',
  description: '`${}` names no variable. Write the variable name, or `${$}` for a literal dollar sign.',
  check(ctx, report) {
    for (const site of variableSites(ctx)) {
      for (const v of site.variables) {
        if (v.problem !== 'empty') continue;
        report({
          path: site.path,
          message: `\`${v.text}\` in \`${site.value}\` names no variable; write a variable name, or \`\${$}\` for a dollar sign.`,
        });
      }
    }
  },
});
