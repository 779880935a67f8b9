import { defineCheck } from './define-check.js';

const VERSIONS = ['2012-10-17', '2008-10-17'];

export default defineCheck({
  id: 'invalid-version',
  code: 'INVALID_VERSION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Version is not a policy language version',
  description:
    'Version names the policy language, not the date of the policy: it must be `2012-10-17` (current) or `2008-10-17`. Use `2012-10-17`.',
  check(ctx, report) {
    const v = ctx.view.version;
    if (v === undefined || VERSIONS.includes(v)) return;
    report({
      path: ['Version'],
      message: `\`${v}\` is not a policy language version; use \`2012-10-17\` (the Version names the language, not the date of the policy).`,
    });
  },
});
