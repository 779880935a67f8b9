import { defineCheck } from './define-check.js';
import { hasStarResource, isStarAction } from './support/statements.js';

export default defineCheck({
  id: 'full-admin-access',
  code: 'FULL_ADMIN_ACCESS',
  findingType: 'SECURITY_WARNING',
  origin: 'leastpriv',
  title: 'Allow `*` on `*`: full administrator access',
  description:
    "A statement that allows every action on every resource makes its principal an administrator of the account: it can change its own permissions, read every secret and delete everything. Access Analyzer's policy validation does not report it. Grant the actions the workload uses (`leastpriv generate` writes them from its activity).",
  appliesTo: ['IDENTITY_POLICY'],
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (st.effect !== 'Allow' || !hasStarResource(st)) continue;
      const star = st.actions?.find((a) => isStarAction(a.value));
      if (!star) continue;
      const conditioned = st.hasCondition ? ' (under a condition)' : '';
      report({
        path: star.path,
        message: `The ${st.label} allows every action on every resource${conditioned}: full administrator access; grant only the actions the workload uses.`,
      });
    }
  },
});
