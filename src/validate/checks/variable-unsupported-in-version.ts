import { defineCheck } from './define-check.js';
import { variableSites } from './support/variable-sites.js';

export default defineCheck({
  id: 'variable-unsupported-in-version',
  code: 'VARIABLE_UNSUPPORTED_IN_VERSION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Policy variable in a policy without Version 2012-10-17',
  description:
    'Policy variables exist only in the 2012-10-17 policy language. With Version 2008-10-17, or no Version, `${aws:username}` is plain text. Set `"Version": "2012-10-17"`.',
  check(ctx, report) {
    const version = ctx.view.version;
    if (!ctx.view.root || version === '2012-10-17') return;
    if (version !== undefined && version !== '2008-10-17') return; // invalid-version
    for (const site of variableSites(ctx)) {
      if (site.variables.length === 0) continue;
      report({
        path: site.path,
        message: `\`${site.value}\` uses a policy variable, which ${version === undefined ? 'a policy without Version' : 'Version 2008-10-17'} takes as plain text; set \`"Version": "2012-10-17"\`.`,
      });
    }
  },
});
