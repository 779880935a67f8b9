import { defineCheck } from './define-check.js';

export default defineCheck({
  id: 'empty-sid-value',
  code: 'EMPTY_SID_VALUE',
  findingType: 'SUGGESTION',
  origin: 'access-analyzer',
  title: 'Sid is empty',
  description: 'An empty Sid identifies nothing. Give the statement a descriptive Sid or remove the element.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (st.sid?.value === '')
        report({
          path: st.sid.path,
          message: 'The `Sid` is empty; name the statement (for example `ReadOrders`) or remove the element.',
        });
    }
  },
});
