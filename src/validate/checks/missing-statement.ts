import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'missing-statement',
  code: 'MISSING_STATEMENT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'The policy has no Statement',
  description:
    'A policy needs a Statement element with at least one statement; without it the policy grants or denies nothing. Add the statements.',
  check(ctx, report) {
    const root = ctx.view.root;
    if (!root) return;
    if (root.Statement === undefined || root.Statement === null) {
      report({
        path: [],
        message: 'The policy has no `Statement` element; add the statements it should contain.',
      });
    }
  },
});
