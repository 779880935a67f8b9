import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'missing-version',
  code: 'MISSING_VERSION',
  findingType: 'WARNING',
  origin: 'access-analyzer',
  title: 'The policy has no Version',
  description:
    'Without a Version element IAM uses the 2008-10-17 language, in which policy variables such as `${aws:username}` are plain text. Add `"Version": "2012-10-17"`.',
  check(ctx, report) {
    const root = ctx.view.root;
    if (!root || Object.hasOwn(root, 'Version')) return;
    report({
      path: [],
      message:
        'The policy has no `Version`; add `"Version": "2012-10-17"` so that the current policy language applies.',
    });
  },
});
