import { defineCheck } from './define-check.js';
import { hasOtherCase } from './support/statements.js';

export default defineCheck({
  id: 'missing-action',
  code: 'MISSING_ACTION',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Statement has neither Action nor NotAction',
  description: 'A statement must name the actions it applies to with Action (or NotAction). Add the actions.',
  check(ctx, report) {
    for (const st of ctx.statements) {
      const raw = st.raw;
      if (!raw || Object.hasOwn(raw, 'Action') || Object.hasOwn(raw, 'NotAction')) continue;
      if (hasOtherCase(raw, 'Action') || hasOtherCase(raw, 'NotAction')) continue; // invalid-policy-element
      report({
        path: st.path,
        message: `The ${st.label} has no \`Action\` or \`NotAction\`; add the actions it applies to.`,
      });
    }
  },
});
