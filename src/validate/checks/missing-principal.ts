import { defineCheck } from './define-check.js';
import { hasOtherCase } from './support/statements.js';

export default defineCheck({
  id: 'missing-principal',
  code: 'MISSING_PRINCIPAL',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Resource-policy statement has no Principal',
  description:
    'A statement of a resource policy (including a role trust policy) must say whom it applies to with Principal (or NotPrincipal). Add the principals.',
  appliesTo: ['RESOURCE_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      const raw = st.raw;
      if (!raw || Object.hasOwn(raw, 'Principal') || Object.hasOwn(raw, 'NotPrincipal')) continue;
      if (hasOtherCase(raw, 'Principal') || hasOtherCase(raw, 'NotPrincipal')) continue;
      report({
        path: st.path,
        message: `The ${st.label} has no \`Principal\`; a resource policy must say whom each statement applies to.`,
      });
    }
  },
});
