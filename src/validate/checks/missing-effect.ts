import { defineCheck } from './define-check.js';
import { hasOtherCase } from './support/statements.js';

export default defineCheck({
  id: 'missing-effect',
  code: 'MISSING_EFFECT',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Statement has no Effect',
  description:
    'Every statement must say whether it allows or denies: add `"Effect": "Allow"` or `"Effect": "Deny"`.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.raw || Object.hasOwn(st.raw, 'Effect') || hasOtherCase(st.raw, 'Effect')) continue;
      report({
        path: st.path,
        message: `The ${st.label} has no \`Effect\`; add \`"Effect": "Allow"\` or \`"Effect": "Deny"\`.`,
      });
    }
  },
});
