import { defineCheck } from './define-check.js';
import { variableSites } from './support/variable-sites.js';

export default defineCheck({
  id: 'missing-quote-in-variable',
  code: 'MISSING_QUOTE_IN_VARIABLE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Default value of a policy variable not in single quotes',
  description:
    "The default value of a policy variable goes in single quotes: `${aws:PrincipalTag/team, 'none'}`. Quote the default.",
  check(ctx, report) {
    for (const site of variableSites(ctx)) {
      for (const v of site.variables) {
        if (v.problem !== 'quote') continue;
        report({
          path: site.path,
          message: `The default value in \`${v.text}\` must be in single quotes, for example \`\${aws:username, 'none'}\`.`,
        });
      }
    }
  },
});
