import { defineCheck } from './define-check.js';
import { variableSites } from './support/variable-sites.js';

export default defineCheck({
  id: 'missing-brace-in-variable',
  code: 'MISSING_BRACE_IN_VARIABLE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Policy variable without its closing brace',
  description:
    'A policy variable is written `${name}`; without the closing brace IAM cannot read it. Add the `}`.',
  check(ctx, report) {
    for (const site of variableSites(ctx)) {
      for (const v of site.variables) {
        if (v.problem !== 'missing-brace') continue;
        report({
          path: site.path,
          message: `\`${v.text}\` in \`${site.value}\` has no closing brace; add \`}\`.`,
        });
      }
    }
  },
});
