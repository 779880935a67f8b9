import { defineCheck } from './define-check.js';
import { resourceImplied } from './support/resource-policy-rules.js';
import { hasOtherCase } from './support/statements.js';

export default defineCheck({
  id: 'missing-resource',
  code: 'MISSING_RESOURCE',
  findingType: 'ERROR',
  origin: 'access-analyzer',
  title: 'Statement has neither Resource nor NotResource',
  description:
    'Statements of identity, resource, service control and resource control policies must name their resources with Resource (or NotResource); only role trust policies and the resource policies that govern only their own resource (ECR repository policies) go without. Add the resource ARNs.',
  check(ctx, report) {
    if (ctx.isTrustPolicy || resourceImplied(ctx)) return;
    for (const st of ctx.statements) {
      const raw = st.raw;
      if (!raw || Object.hasOwn(raw, 'Resource') || Object.hasOwn(raw, 'NotResource')) continue;
      if (hasOtherCase(raw, 'Resource') || hasOtherCase(raw, 'NotResource')) continue;
      report({
        path: st.path,
        message: `The ${st.label} has no \`Resource\` or \`NotResource\`; add the ARNs of the resources it applies to.`,
      });
    }
  },
});
