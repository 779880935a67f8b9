import { defineCheck } from './define-check.js';
import { variableSites } from './support/variable-sites.js';

export default defineCheck({
  id: 'unsupported-space-in-variable',
  code: 'UNSUPPORTED_SPACE_IN_VARIABLE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Space inside a policy variable name',
  description:
    'A policy variable name has no spaces (`${aws:username}`, not `${ aws:username }`). Remove them.',
  check(ctx, report) {
    for (const site of variableSites(ctx)) {
      for (const v of site.variables) {
        if (v.problem !== 'space') continue;
        report({ path: site.path, message: `\`${v.text}\` has a space in the variable name; remove it.` });
      }
    }
  },
});
